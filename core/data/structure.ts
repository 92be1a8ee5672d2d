// A file's description (dataJobs.ts) as the explorer shows it: tables of columns (a ROOT tree and its
// branches; a NumPy file's arrays, which are read together entry by entry) and the other objects.
import type { ColumnInfo, StructurePayload, TableInfo } from '../protocol/dataExplorerMessages';
import { DATA_FORMAT_LABELS, type TensorFormat } from './dataFormats';
import { TREE_CLASSES } from './root/rootFile';
import { GRAPH_CLASSES } from './root/storedGraph';
import type { NpyHeader } from './npy/npyHeader';
import type { FileDescription, TensorDescription } from './workers/dataJobs';
import { english, msg, type Translate } from '../text/message';


/** `translate` puts the few words of our own (storage, row groups, what was not read) in the user's language. */
export function structureOf(description: FileDescription, fileName: string, size: number, translate: Translate = english): StructurePayload {
  if (description.format === 'root') {
    return {
      fileName,
      format: 'root',
      formatLabel: DATA_FORMAT_LABELS.root,
      size,
      tables: description.trees.map(
        (t): TableInfo => ({
          name: t.name,
          title: t.title,
          entries: t.entries,
          // An RNTuple's footer as jsroot reads it has no sizes: none shown rather than zeros.
          bytes: t.bytes || undefined,
          storedBytes: t.bytes ? t.storedBytes : undefined,
          columns: t.branches.map((b): ColumnInfo => ({ name: b.name, type: b.type, shape: b.shape, entries: b.entries, counter: b.counter, bytes: b.bytes || undefined, storedBytes: b.bytes ? b.storedBytes : undefined })),
        }),
      ),
      objects: description.keys
        .filter((k) => !TREE_CLASSES.has(k.className))
        .map((k) => ({ name: k.name, className: k.className, title: k.title, bytes: k.bytes, storedBytes: k.storedBytes, drawable: /^(TH1|TH2)[CSIFD]?$|^TProfile$/.test(k.className) || GRAPH_CLASSES.has(k.className) || k.className === 'TEfficiency' })),
      skipped: [],
    };
  }
  if (description.format === 'hdf5') {
    return {
      fileName,
      format: 'hdf5',
      formatLabel: DATA_FORMAT_LABELS.hdf5,
      size,
      tables: description.groups.map(
        (g): TableInfo => ({
          name: g.path,
          title: Object.entries(g.attrs)
            .map(([k, v]) => `${k}=${v}`)
            .join(', '),
          entries: Math.max(0, ...g.datasets.filter((d) => d.shapeKind !== 'unsupported').map((d) => d.shape[0] ?? 1)),
          bytes: g.datasets.reduce((a, d) => a + d.bytes, 0),
          columns: g.datasets.map(
            (d): ColumnInfo => ({
              name: d.name,
              type: d.dtype,
              shape: d.shapeKind,
              entries: d.shape[0] ?? 1,
              dims: d.shape,
              bytes: d.bytes,
              storage: [translate(d.chunks ? msg('chunks ({0})', d.chunks.join(', ')) : msg('contiguous')), ...d.filters].join(' · '),
              attrs: d.attrs,
            }),
          ),
        }),
      ),
      objects: [],
      skipped: description.skipped.map(translate),
    };
  }
  if (description.format === 'parquet') {
    const codecs = [...new Set(description.columns.flatMap((c) => c.codecs))];
    return {
      fileName,
      format: 'parquet',
      formatLabel: DATA_FORMAT_LABELS.parquet,
      size,
      tables: [
        {
          name: '',
          // What a parquet reader would say first: row groups, codecs, the writer.
          title: [translate(description.rowGroups.length === 1 ? msg('1 row group') : msg('{0} row groups', description.rowGroups.length)), codecs.join(', '), description.createdBy ?? ''].filter(Boolean).join(' · '),
          entries: description.rows,
          bytes: description.rowGroups.reduce((a, g) => a + g.bytes, 0),
          storedBytes: description.rowGroups.reduce((a, g) => a + g.storedBytes, 0),
          columns: description.columns.map((c): ColumnInfo => ({ name: c.name, type: c.type, shape: c.shape, entries: description.rows, bytes: c.bytes, storedBytes: c.storedBytes })),
        },
      ],
      objects: [],
      skipped: [],
    };
  }
  if (description.format === 'torch' || description.format === 'safetensors') return checkpointStructure(description, fileName, size, translate);
  const arrays = description.format === 'npz' ? description.arrays.map((a) => ({ name: a.name, header: a.header, storedBytes: a.storedSize })) : [{ name: description.name, header: description.header, storedBytes: undefined }];
  const columns = arrays.map((a): ColumnInfo => npyColumn(a.name, a.header, a.storedBytes));
  // Arrays of one file may differ in length (flattened jets beside per-event counts): then the table
  // has no one number of entries, and says the longest; each array keeps its own.
  const entries = columns.length ? Math.max(...columns.map((c) => c.entries)) : 0;
  return {
    fileName,
    format: description.format,
    formatLabel: DATA_FORMAT_LABELS[description.format],
    size,
    tables: [{ name: '', title: '', entries, columns }],
    objects: [],
    skipped: description.format === 'npz' ? description.skipped : [],
  };
}

function npyColumn(name: string, header: NpyHeader, storedBytes: number | undefined): ColumnInfo {
  return {
    name,
    type: header.dtype.descr,
    // An entry of an N-d array is its row, a fixed number of elements: read as a list, like a jagged branch.
    shape: header.shape.length <= 1 ? 'flat' : 'jagged',
    entries: header.shape.length === 0 ? 1 : header.shape[0],
    dims: header.shape,
    bytes: header.elements * header.dtype.size,
    storedBytes,
  };
}

/**
 * A checkpoint: its tensors in tables by the checkpoint dict's entries ("model", "optimizer"; one
 * table for a bare state_dict or a pickled model), its other values (epoch, hyper-parameters) as
 * objects, and the classes Python would need to load it. A safetensors file: one table, its
 * metadata as the values, no classes.
 */
function checkpointStructure(d: TensorDescription<TensorFormat>, fileName: string, size: number, translate: Translate): StructurePayload {
  const tables = new Map<string, ColumnInfo[]>();
  for (const t of d.tensors) {
    const columns = tables.get(t.table) ?? [];
    tables.set(t.table, columns);
    columns.push({
      name: t.name,
      type: t.dtype,
      shape: t.unsupported ? 'unsupported' : t.shape.length <= 1 ? 'flat' : 'jagged',
      entries: t.shape.length === 0 ? 1 : t.shape[0],
      dims: t.shape,
      bytes: t.unsupported ? undefined : t.bytes,
      ...(t.access !== undefined ? { access: t.access } : {}),
    });
  }
  return {
    fileName,
    format: d.format,
    formatLabel: d.torchScript ? 'TorchScript' : DATA_FORMAT_LABELS[d.format],
    size,
    tables: [...tables].map(([name, columns]): TableInfo => ({
      name,
      title: translate(columns.length === 1 ? msg('1 tensor') : msg('{0} tensors', columns.length)),
      entries: Math.max(0, ...columns.map((c) => c.entries)),
      bytes: columns.reduce((a, c) => a + (c.bytes ?? 0), 0),
      columns,
    })),
    objects: d.values.map((v) => ({ name: v.name, className: v.type, title: v.text, drawable: false })),
    skipped: d.truncated ? [translate(msg('More than this explorer lists: the rest of the checkpoint is not shown.'))] : [],
    pickleClasses: d.classes,
    ...(d.torchScript ? { torchScript: scriptModuleNames(d.torchScript) } : {}),
  };
}

/**
 * A TorchScript archive's module classes as their Python names: `__torch__.` (the archive's own
 * namespace) and the `___torch_mangle_N` TorchScript adds to a class compiled twice left out.
 */
function scriptModuleNames(classes: readonly string[]): string[] {
  return [...new Set(classes.map((c) => c.replace(/^__torch__\./, '').replace(/(^|\.)___torch_mangle_\d+\./g, '$1')))].sort();
}
