// The Hub view's file rows: told apart at a normal sidebar width (about 30 characters of a label
// show at ~300 px), with the full name kept in the description.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BUILT_IN_HUB, type FromHub, type HubDataset, parseCatalog } from './catalog';
import { fileLabels, fileRowDescription, fileRowLabel } from './fileRows';
import { datasetTargets, modelTargets } from './hubTargets';

const catalog = parseCatalog(readFileSync(path.join(__dirname, '..', '..', 'hub', 'catalog.json'), 'utf8'), BUILT_IN_HUB);
/** What a ~300 px sidebar shows of a file row's label before "…". */
const VISIBLE = 28;

describe('hub file rows', () => {
  it('labels the JetClass files by what tells them apart, each visible whole at a normal sidebar width', () => {
    const jetclass = catalog.datasets.find((d) => d.id === 'jetclass')!;
    const targets = datasetTargets(jetclass);
    const labels = targets.map(fileRowLabel);
    assert.deepEqual(labels, [...Array.from({ length: 10 }, (_, i) => `train_100M_part${i}.tar`), 'val_5M.tar', 'test_20M.tar']);
    assert.equal(new Set(labels.map((l) => l.slice(0, VISIBLE))).size, targets.length, 'no two rows read the same in the width shown');
    // The split and checksum come right after it; the full name is kept, last.
    assert.equal(fileRowDescription(targets[3], ''), 'train · md5 · JetClass_Pythia_train_100M_part3.tar');
    assert.equal(fileRowDescription(targets[10], 'downloaded'), 'validation · downloaded · md5 · JetClass_Pythia_val_5M.tar');
  });

  it('leaves short names as they are, and names without a long common beginning', () => {
    const particleNet = catalog.models.find((m) => m.id === 'particlenet')!;
    assert.deepEqual(modelTargets(particleNet).map(fileRowLabel), ['ParticleNet_kin.pt', 'ParticleNet_kinpid.pt', 'ParticleNet_full.pt']);
    assert.equal(fileRowDescription(modelTargets(particleNet)[1], ''), 'kinpid');
    assert.deepEqual(fileLabels(['lab-jets-val_5M.tar', 'lab-jets-test_20M.tar']), ['lab-jets-val_5M.tar', 'lab-jets-test_20M.tar']);
    assert.deepEqual(fileLabels(['CMS_Run2016_DoubleMuon_AOD.root', 'ATLAS_Run2016_DoubleMuon_AOD.root']), ['CMS_Run2016_DoubleMuon_AOD.root', 'ATLAS_Run2016_DoubleMuon_AOD.root']);
    assert.deepEqual(fileLabels(['Only_one_file_with_a_very_long_name.tar']), ['Only_one_file_with_a_very_long_name.tar']);
  });

  it('cuts at a word, never inside one or at an extension, and keeps names whole where a label would say nothing', () => {
    // Common to all: "Lab_simulation_run4"; cut after its last "_", so "run4…" stays whole.
    assert.deepEqual(fileLabels(['Lab_simulation_run41_events.h5', 'Lab_simulation_run42_events.h5']), ['run41_events.h5', 'run42_events.h5']);
    assert.deepEqual(fileLabels(['Lab-simulation-events-2024.tar', 'Lab-simulation-events-2024.tar.md5']), ['2024.tar', '2024.tar.md5']);
    assert.deepEqual(fileLabels(['Lab_simulation_events_v1_', 'Lab_simulation_events_v1__']), ['Lab_simulation_events_v1_', 'Lab_simulation_events_v1__']);
    // Each label is the rest of its own name: distinct names give distinct labels.
    const names = ['Lab_simulation_events_a.tar', 'Lab_simulation_events_b.tar', 'Lab_simulation_events_a.tar.gz'];
    assert.equal(new Set(fileLabels(names)).size, names.length);
  });

  it('labels a lab hub\'s files the same way, whatever the dataset', () => {
    const lab: FromHub<HubDataset> = {
      id: 'lab',
      name: 'Lab',
      description: 'd',
      format: 'hdf5',
      hub: 'Lab hub',
      sources: [],
      files: ['2023', '2024'].map((year) => ({ name: `Lab_detector_calibration_${year}.h5`, url: `https://e.org/${year}.h5`, size: 2048, sha256: 'a'.repeat(64) })),
    };
    const targets = datasetTargets(lab);
    assert.deepEqual(targets.map(fileRowLabel), ['2023.h5', '2024.h5']);
    assert.equal(fileRowDescription(targets[0], ''), '2.0 KiB · sha256 · Lab_detector_calibration_2023.h5');
  });
});
