/**
 * Recipe: an annotator. Several labeled, coloured objects per image, built one at a time with
 * <SegmentCanvas>; a list to select, hide and delete them; export with the core's functions.
 * Copy this file into an app as a starting point (it uses only public exports).
 */
import { useEffect, useId, useState, type CSSProperties } from 'react';
import {
  maskToPng,
  objectsToLabelMap,
  resultsToSvg,
  toCocoDataset,
  type Bbox,
  type SegmentResult,
  type Segmenter,
  type SpatialRef,
} from '../../src/index';
import { MaskPath, SegmentCanvas, SegmentProvider, type SegmentStatus } from '../../src/react/index';

export interface AnnotatedObject {
  id: number;
  label: string;
  color: string;
  path: string;
  bbox: Bbox;
  hidden: boolean;
}

export type ExportFormat = 'coco-rle' | 'coco-polygons' | 'png' | 'svg';

export interface AnnotatorProps {
  image: string;
  /** Name of the image in exports (COCO `file_name`). */
  fileName: string;
  segmenter: Segmenter;
  defaultLabel?: string;
  /** Called with each export; the default downloads the file. */
  onExport?(file: { name: string; type: string; data: string | Uint8Array }): void;
}

// Distinct on light and dark photos alike.
const PALETTE = ['#00c2ff', '#ff3d7f', '#ffd000', '#2ee59d', '#b36bff', '#ff8a00'];

function download(file: { name: string; type: string; data: string | Uint8Array }) {
  const url = URL.createObjectURL(new Blob([file.data as BlobPart], { type: file.type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function useNaturalSize(src: string): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useEffect(() => {
    const img = new Image();
    img.onload = () => setSize({ width: img.naturalWidth, height: img.naturalHeight });
    img.src = src;
  }, [src]);
  return size;
}

export function Annotator({
  image,
  fileName,
  segmenter,
  defaultLabel = 'object',
  onExport = download,
}: AnnotatorProps) {
  const [objects, setObjects] = useState<AnnotatedObject[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [label, setLabel] = useState(defaultLabel);
  const [refs, setRefs] = useState<SpatialRef[]>([]);
  const [result, setResult] = useState<SegmentResult | null>(null);
  const [status, setStatus] = useState<SegmentStatus>('idle');
  const [exported, setExported] = useState('');
  const [nextId, setNextId] = useState(1);
  const size = useNaturalSize(image);
  const labelId = useId();
  const color = PALETTE[(nextId - 1) % PALETTE.length]!;

  const save = () => {
    if (!result || !label.trim()) return;
    const id = nextId;
    setNextId(id + 1);
    setObjects((list) => [
      ...list,
      { id, label: label.trim(), color, path: result.path, bbox: result.bbox, hidden: false },
    ]);
    setSelected(id);
    setRefs([]); // the next object starts from nothing; undo history belongs to the object being built
    setResult(null);
  };
  const update = (id: number, change: Partial<AnnotatedObject> | null) =>
    setObjects((list) =>
      change ? list.map((o) => (o.id === id ? { ...o, ...change } : o)) : list.filter((o) => o.id !== id),
    );

  const exportAs = async (format: ExportFormat) => {
    if (!size) return;
    const stem = fileName.replace(/\.[^.]+$/, '');
    let file: { name: string; type: string; data: string | Uint8Array };
    if (format === 'coco-rle' || format === 'coco-polygons') {
      const dataset = toCocoDataset([{ fileName, width: size.width, height: size.height, objects }], {
        segmentation: format === 'coco-rle' ? 'rle' : 'polygons',
      });
      file = { name: `${stem}.coco.json`, type: 'application/json', data: JSON.stringify(dataset) };
      setExported(
        `COCO: ${dataset.annotations.length} annotations, ${dataset.categories.length} categories (${dataset.categories.map((c) => c.name).join(', ')})`,
      );
    } else if (format === 'png') {
      // One label map: pixel value i is object i (in list order), 0 is background.
      const data = await maskToPng(
        objectsToLabelMap(objects, size.width, size.height),
        size.width,
        size.height,
        'value',
      );
      file = { name: `${stem}.labels.png`, type: 'image/png', data };
      setExported(`PNG label map: ${size.width}×${size.height}, values 0–${objects.length}`);
    } else {
      const data = resultsToSvg(
        objects.map((o) => ({ path: o.path, bbox: o.bbox, label: o.label, color: o.color })),
        size.width,
        size.height,
      );
      file = { name: `${stem}.svg`, type: 'image/svg+xml', data };
      setExported(`SVG: ${objects.length} paths`);
    }
    onExport(file);
  };

  return (
    <SegmentProvider segmenter={segmenter}>
      <div style={layout}>
        <div style={{ flex: '1 1 480px', minWidth: 0 }}>
          <SegmentCanvas
            image={image}
            object={label || 'object'}
            refs={refs}
            onRefsChange={(next) => {
              setRefs(next);
              setResult(null);
            }}
            onResult={setResult}
            onStatusChange={setStatus}
            color={color}
            alt="Photo to annotate"
            style={{ width: '100%' }}
          >
            {objects.map((o) =>
              o.hidden ? null : (
                <g key={o.id} data-annotator-object={o.id}>
                  <MaskPath
                    path={o.path}
                    bbox={o.bbox}
                    color={o.color}
                    opacity={o.id === selected ? 0.6 : 0.35}
                    outline={o.id === selected ? '#ffffff' : o.color}
                  />
                </g>
              ),
            )}
          </SegmentCanvas>
        </div>
        <aside style={{ flex: '0 0 240px', font: '14px/1.4 system-ui, sans-serif' }}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
          >
            <label htmlFor={labelId} style={{ display: 'block', marginBottom: 4 }}>
              Label of the next object
            </label>
            <div style={{ display: 'flex', gap: 6 }}>
              <span aria-hidden style={{ ...swatch, background: color }} />
              <input
                id={labelId}
                value={label}
                onChange={(e) => setLabel(e.target.value)}
                style={{ flex: 1, minWidth: 0 }}
              />
            </div>
            <button type="submit" disabled={!result || !label.trim()} style={{ marginTop: 6, width: '100%' }}>
              {result
                ? `Save “${label.trim() || '…'}”`
                : status === 'idle'
                  ? 'Click or box an object first'
                  : 'Segmenting…'}
            </button>
          </form>

          <h3 style={{ fontSize: 14, margin: '16px 0 6px' }}>Objects ({objects.length})</h3>
          {/* A plain list: each row's name is a toggle button (selected or not), then its actions. */}
          <ul aria-label="Objects" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {objects.map((o) => (
              <li
                key={o.id}
                data-annotator-item={o.id}
                style={{ ...row, background: o.id === selected ? 'rgba(0,120,255,0.12)' : undefined }}
              >
                <span aria-hidden style={{ ...swatch, background: o.color, opacity: o.hidden ? 0.3 : 1 }} />
                <button
                  type="button"
                  aria-pressed={o.id === selected}
                  onClick={() => setSelected(o.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Delete' || e.key === 'Backspace') update(o.id, null);
                  }}
                  style={{ ...nameButton, textDecoration: o.hidden ? 'line-through' : undefined }}
                >
                  {o.label}
                </button>
                <button
                  type="button"
                  aria-pressed={o.hidden}
                  aria-label={`${o.hidden ? 'Show' : 'Hide'} ${o.label}`}
                  onClick={() => update(o.id, { hidden: !o.hidden })}
                >
                  {o.hidden ? 'Show' : 'Hide'}
                </button>
                <button type="button" aria-label={`Delete ${o.label}`} onClick={() => update(o.id, null)}>
                  Delete
                </button>
              </li>
            ))}
          </ul>

          <h3 style={{ fontSize: 14, margin: '16px 0 6px' }}>Export all</h3>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 6 }}>
            <button type="button" disabled={!objects.length || !size} onClick={() => exportAs('coco-rle')}>
              COCO (RLE)
            </button>
            <button
              type="button"
              disabled={!objects.length || !size}
              onClick={() => exportAs('coco-polygons')}
            >
              COCO (polygons)
            </button>
            <button type="button" disabled={!objects.length || !size} onClick={() => exportAs('png')}>
              PNG masks
            </button>
            <button type="button" disabled={!objects.length || !size} onClick={() => exportAs('svg')}>
              SVG
            </button>
          </div>
          <output data-testid="export" style={{ display: 'block', marginTop: 8, color: '#555' }}>
            {exported}
          </output>
        </aside>
      </div>
    </SegmentProvider>
  );
}

const layout: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: 16,
  alignItems: 'flex-start',
  maxWidth: 980,
};
const swatch: CSSProperties = {
  display: 'inline-block',
  width: 14,
  height: 14,
  borderRadius: 3,
  flex: '0 0 14px',
  alignSelf: 'center',
};
const row: CSSProperties = {
  display: 'flex',
  gap: 6,
  alignItems: 'center',
  padding: '4px 6px',
  borderRadius: 4,
};
const nameButton: CSSProperties = {
  flex: 1,
  textAlign: 'left',
  background: 'none',
  border: 0,
  padding: '2px 0',
  font: 'inherit',
  cursor: 'pointer',
};
