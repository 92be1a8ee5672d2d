#!/usr/bin/env python3
"""Run a trained YOLO model over beamline camera frames and write the boxes as JSON."""
import argparse
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image


def load_model(weights, device):
    model = torch.hub.load('ultralytics/yolov5', 'custom', path=weights)
    return model.to(device).eval()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('source', help='folder of frames')
    parser.add_argument('--weights', default='best.pt')
    parser.add_argument('--img-size', type=int, default=640)
    parser.add_argument('--conf-thres', type=float, default=0.25)
    parser.add_argument('--iou-thres', type=float, default=0.45)
    parser.add_argument('--device', default='cuda:0')
    parser.add_argument('--save-json', dest='json_path', default='detections.json')
    args = parser.parse_args()

    model = load_model(args.weights, args.dev«ice»)
    model.conf = args.conf_«thres»
    model.iou = args.iou_«thres»
    results = {}
    for frame in sorted(Path(args.sou«rce»).glob('*.png')):
        image = np.asarray(Image.open(frame).convert('RGB'))
        detections = model(image, size=args.img_«size»)
        results[frame.name] = detections.pandas().xyxy[0].to_dict('records')
    with open(args.json_«path», 'w') as f:
        json.dump(results, f, indent=2)


if __name__ == '__main__':
    main()
