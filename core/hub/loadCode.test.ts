// The Python that "Copy code" puts on the clipboard, per model kind and data format.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCatalog } from './catalog';
import { datasetLoadCode, modelLoadCode } from './loadCode';

const catalog = parseCatalog(readFileSync(path.join(__dirname, '..', '..', 'hub', 'catalog.json'), 'utf8'), 'built-in');
const model = (id: string) => catalog.models.find((m) => m.id === id)!;
const dataset = (id: string) => catalog.datasets.find((d) => d.id === id)!;

describe('load code for hub files', () => {
  it('loads torchvision ResNet weights into the network', () => {
    const code = modelLoadCode(model('resnet'), '/home/u/.hai/weights/resnet/resnet18-f37072fd.pth');
    assert.match(code, /^import torch\nimport torchvision\n/);
    assert.match(code, /torch\.load\("\/home\/u\/\.hai\/weights\/resnet\/resnet18-f37072fd\.pth", map_location="cpu"\)/);
    assert.match(code, /model\.load_state_dict\(state\)/);
  });

  it("points weaver weights at the network config they belong to", () => {
    const code = modelLoadCode(model('particlenet'), '/w/ParticleNet_kin.pt');
    assert.match(code, /example_ParticleNet\.py/);
  });

  it('unpacks an archive of ROOT files into its folder and reads branches with uproot', () => {
    const jetclass = dataset('jetclass');
    const code = datasetLoadCode(jetclass, jetclass.files[10], '/d/JetClass_Pythia_val_5M.tar');
    assert.match(code, /tarfile\.open\("\/d\/JetClass_Pythia_val_5M\.tar"\)\.extractall\("\/d"\)/);
    assert.match(code, /files = sorted\(glob\.glob\("\/d\/\*\*\/\*\.root", recursive=True\)\)/);
    assert.match(code, /^import glob\nimport tarfile\nimport uproot\n/);
    assert.match(code, /uproot\.open\(files\[0\]\)/);
    assert.match(code, /\["part_px", "part_py", "part_pz", "part_energy", "label_QCD"\]/);
  });

  it('reads the files of an archive HAI has extracted without unpacking it again', () => {
    const jetclass = dataset('jetclass');
    const code = datasetLoadCode(jetclass, jetclass.files[10], '/d/JetClass_Pythia_val_5M.tar', true);
    assert.doesNotMatch(code, /tarfile|extractall/);
    assert.match(code, /^import glob\nimport uproot\n/);
    assert.match(code, /files = sorted\(glob\.glob\("\/d\/\*\*\/\*\.root", recursive=True\)\)/);
  });

  it('reads parquet with awkward, and escapes paths as Python strings', () => {
    const top = dataset('toplandscape');
    const code = datasetLoadCode({ ...top, archive: undefined }, top.files[0], 'C:\\data\\top "x".parquet');
    assert.match(code, /ak\.from_parquet\("C:\\\\data\\\\top \\"x\\"\.parquet"\)/);
  });
});
