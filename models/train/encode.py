#!/usr/bin/env python3
"""Step 3 of the recipe on a GPU node without Node.js: the corpus as token ids, with the Python
binding of Hugging Face `tokenizers` (the Rust library that @huggingface/tokenizers mirrors) and the
same tokenizer.json. Writes exactly what encode.ts writes (tokens/<split>.bin, <split>.docs.json),
and encodes text that spells a special token as ordinary text in two pieces, as the engine's
CodeTokenizer does, so the ids are the ones the editor sends.

Each file's header in the repository-level format ("# file: <path>\n", sampler.py) is encoded too,
into tokens/<split>.headers.bin (header_offset, header_length in docs.json).

The pack (pack.py) carries the SHA-256 of the ids that encode.ts gave for the first files of each
split; --check compares against them and stops before any training if a single id differs.

    python3 models/train/encode.py --work DIR [--check DIR/tokens-check.json] [--threads 16]
"""
import argparse
import hashlib
import json
import os
import re
import sys
import time

import numpy as np


def load(work):
    from tokenizers import Tokenizer

    path = os.path.join(work, "tokenizer", "tokenizer.json")
    tok = Tokenizer.from_file(path)
    with open(path, encoding="utf-8") as f:
        specials = [t["content"] for t in json.load(f)["added_tokens"] if t.get("special")]
    pattern = re.compile("|".join(re.escape(s) for s in sorted(specials, key=len, reverse=True))) if specials else None
    return tok, pattern


def pieces(text, pattern):
    """The text cut so that no piece spells a special token (CodeTokenizer.encode's rule)."""
    if pattern is None:
        return [text]
    out, last = [], 0
    for m in pattern.finditer(text):
        out += [text[last:m.start()], m.group(0)[:-1], m.group(0)[-1:]]
        last = m.end()
    out.append(text[last:])
    return [p for p in out if p]


def encode_docs(tok, pattern, texts):
    cut = [pieces(t, pattern) for t in texts]
    flat = [p for c in cut for p in c]
    encoded = tok.encode_batch_fast(flat, add_special_tokens=False) if hasattr(tok, "encode_batch_fast") else tok.encode_batch(flat, add_special_tokens=False)
    result, i = [], 0
    for c in cut:
        ids = []
        for e in encoded[i:i + len(c)]:
            ids.extend(e.ids)
        i += len(c)
        result.append(ids)
    return result


def header_text(path):
    """The repository-level format's file header (sampler.py; encode.ts writes the same)."""
    return f"# file: {path}\n"


def ids_digest(ids_list):
    h = hashlib.sha256()
    for ids in ids_list:
        h.update(np.asarray(ids, dtype=np.uint16).tobytes())
        h.update(b"\0\0")
    return h.hexdigest()


def encode_split(tok, pattern, work, split, check):
    src = os.path.join(work, "corpus", f"{split}.jsonl")
    if not os.path.exists(src):
        return None
    out_dir = os.path.join(work, "tokens")
    os.makedirs(out_dir, exist_ok=True)
    bin_path = os.path.join(out_dir, f"{split}.bin")
    headers_path = os.path.join(out_dir, f"{split}.headers.bin")
    docs, offset, nbytes, h_offset = [], 0, 0, 0
    with open(src, encoding="utf-8") as f, open(bin_path + ".tmp", "wb") as out, open(headers_path + ".tmp", "wb") as hout:
        batch = []

        def flush():
            nonlocal offset, nbytes, h_offset
            encoded = encode_docs(tok, pattern, [d["text"] for d in batch])
            headers = encode_docs(tok, pattern, [header_text(d["path"]) for d in batch])
            if check and len(docs) == 0 and split in check:
                want = check[split]
                got = ids_digest(encoded[:want["files"]])
                if got != want["sha256"]:
                    sys.exit(f"encode.py: the ids of the first {want['files']} {split} files differ from encode.ts's "
                             f"(sha256 {got} != {want['sha256']}); this tokenizers version does not match the engine's, train nothing.")
                print(f"encode.py: {split}: the first {want['files']} files' ids equal encode.ts's", flush=True)
            for d, ids, hids in zip(batch, encoded, headers):
                if ids and max(ids) > 0xFFFF:
                    sys.exit("token ids do not fit in 16 bits")
                out.write(np.asarray(ids + [0], dtype=np.uint16).tobytes())
                hout.write(np.asarray(hids, dtype=np.uint16).tobytes())
                docs.append({"offset": offset, "length": len(ids), "group": d["group"], "weight": d["weight"],
                             "package": d["package"], "path": d["path"], "header_offset": h_offset, "header_length": len(hids)})
                offset += len(ids) + 1
                h_offset += len(hids)
                nbytes += len(d["text"].encode("utf-8"))
            batch.clear()

        for line in f:
            if line.strip():
                batch.append(json.loads(line))
                # The first batch holds every file the check covers (its digest is taken from it).
                if len(batch) >= max([2000, *(w["files"] for w in (check or {}).values())]):
                    flush()
        if batch:
            flush()
    os.replace(bin_path + ".tmp", bin_path)
    os.replace(headers_path + ".tmp", headers_path)
    with open(os.path.join(out_dir, f"{split}.docs.json"), "w", encoding="utf-8") as f:
        json.dump(docs, f)
    tokens = offset - len(docs)
    return {"files": len(docs), "tokens": tokens, "bytesPerToken": nbytes / max(1, tokens)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True)
    p.add_argument("--check", help="tokens-check.json from pack.py: SHA-256 of encode.ts's ids of the first files")
    p.add_argument("--threads", type=int, default=0)
    args = p.parse_args()
    if args.threads:
        os.environ["RAYON_NUM_THREADS"] = str(args.threads)
    check = json.load(open(args.check)) if args.check else None
    tok, pattern = load(args.work)
    started = time.time()
    result = {}
    for split in ("unseen", "heldout", "train"):
        r = encode_split(tok, pattern, args.work, split, check)
        if r:
            result[split] = r
    print(json.dumps({**result, "seconds": time.time() - started}))


if __name__ == "__main__":
    main()
