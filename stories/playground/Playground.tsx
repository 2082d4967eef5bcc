/**
 * The playground: your own photo (pick, drop or paste) or a sample, on the offline engine,
 * Moondream Cloud or any server that speaks /segment; click, box, watch the three stages arrive
 * with their times, and export the object as a cutout PNG, SVG, COCO or YOLO labels.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SegmentResult, SpatialRef } from '../../src/index';
import {
  KEYMAP,
  SegmentCanvas,
  SegmentCanvasProvider,
  SegmentProvider,
  Toolbar,
  type SegmentStatus,
} from '../../src/react/index';
import { BACKEND_LABELS, remoteKind, segmenterFor, type BackendChoice, type BackendKind } from './backends';
import { download, EXPORT_LABELS, exportResult, type ExportKind, type ExportedFile } from './exports';
import { PhotoPicker, SAMPLES, useDropAndPaste, type Photo } from './PhotoSource';
import { StagePanel } from './StagePanel';
import { timedSegmenter, type StageTimes } from './timed-segmenter';
import './playground.css';

export interface PlaygroundProps {
  /** The photo it opens with. Default: the first sample. */
  photo?: Photo;
  /** The object's name to start with. Default: what the photo shows, if it is a sample. */
  object?: string;
  backend?: BackendKind;
  /** The server for `backend: 'server'`. */
  endpoint?: string;
  theme?: 'light' | 'dark';
  /** Called with each export; the default downloads the file. */
  onExport?(file: ExportedFile): void;
}

function useNaturalSize(source: string | Blob) {
  const [size, setSize] = useState<{ of: string | Blob; width: number; height: number } | null>(null);
  useEffect(() => {
    const url = typeof source === 'string' ? source : URL.createObjectURL(source);
    const img = new Image();
    img.onload = () => setSize({ of: source, width: img.naturalWidth, height: img.naturalHeight });
    img.src = url;
    return () => {
      img.onload = null;
      if (typeof source !== 'string') URL.revokeObjectURL(url);
    };
  }, [source]);
  // The size of the photo shown now, never of the one before.
  return size?.of === source ? { width: size.width, height: size.height } : null;
}

function dataUrl(file: ExportedFile): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(new Blob([file.data as BlobPart], { type: file.type }));
  });
}

export function Playground({
  photo: initialPhoto = SAMPLES[0]!,
  object: initialObject,
  backend = 'offline',
  endpoint = 'http://127.0.0.1:2021/v1',
  theme = 'light',
  onExport = download,
}: PlaygroundProps) {
  const [photo, setPhoto] = useState(initialPhoto);
  const [object, setObject] = useState(initialObject ?? initialPhoto.object ?? '');
  const [choice, setChoice] = useState<BackendChoice>({ kind: backend, apiKey: '', endpoint });
  const [refs, setRefs] = useState<SpatialRef[]>([]);
  const [status, setStatus] = useState<SegmentStatus>('idle');
  const [result, setResult] = useState<SegmentResult | null>(null);
  const [times, setTimes] = useState<StageTimes | null>(null);
  const [feather, setFeather] = useState(2);
  const [exported, setExported] = useState('');
  const [cutout, setCutout] = useState<{ url: string; crop: NonNullable<ExportedFile['crop']> } | null>(null);
  const [stage, setStage] = useState<HTMLElement | null>(null);
  const size = useNaturalSize(photo.source);
  const photoKey = typeof photo.source === 'string' ? photo.source : photo.name + photo.source.size;

  const base = useMemo(() => segmenterFor(choice), [choice]);
  const segmenter = useMemo(() => (typeof base === 'string' ? null : timedSegmenter(base, setTimes)), [base]);
  const usePhoto = useCallback((next: Photo) => {
    setPhoto(next);
    // The name follows the photo: a sample's own, or blank for the visitor's (never the last one's).
    setObject(next.object ?? '');
    setRefs([]);
    setResult(null);
    setTimes(null);
    setExported('');
    setCutout(null);
  }, []);
  useDropAndPaste(stage, usePhoto);

  const exportAs = async (kind: ExportKind) => {
    if (!result || !size) return;
    const label = object.trim().replace(/\s+/g, '-') || 'object';
    try {
      const file = await exportResult(kind, {
        image: photo.source,
        fileName: photo.name,
        ...size,
        label,
        result,
        feather,
      });
      setExported(
        `${file.name} · ${typeof file.data === 'string' ? file.data.length : file.data.byteLength} bytes`,
      );
      // A data URL: nothing to revoke, and the preview outlives re-renders.
      if (file.crop) setCutout({ url: await dataUrl(file), crop: file.crop });
      onExport(file);
    } catch (error) {
      setExported(String(error instanceof Error ? error.message : error));
    }
  };

  return (
    <div className="sm-playground" data-theme={theme}>
      <main className="sm-stage" ref={setStage} aria-label="Photo">
        {segmenter ? (
          <SegmentProvider segmenter={segmenter}>
            {/* Keyed by photo: each photo starts with its own history. */}
            <SegmentCanvasProvider key={photoKey}>
              <Toolbar onExport={() => exportAs('cutout')} exportLabel="Export cutout" label="Canvas tools" />
              <SegmentCanvas
                image={photo.source}
                object={object.trim() || 'object'}
                refs={refs}
                onRefsChange={(next) => {
                  setRefs(next);
                  setResult(null);
                }}
                onResult={setResult}
                onStatusChange={setStatus}
                alt={`Your photo: ${photo.name}`}
                className="sm-canvas"
                // The toolbar has the mode.
                modeToggle={false}
                // As large as the stage allows (below the toolbar), by width or by height.
                style={{
                  width: size ? `min(100%, calc((100vh - 88px) * ${size.width / size.height}))` : '100%',
                }}
              />
            </SegmentCanvasProvider>
          </SegmentProvider>
        ) : (
          <p className="sm-empty" role="status">
            {base as string}
          </p>
        )}
      </main>
      <aside className="sm-panel">
        <div className="sm-col">
          <h1 className="sm-title">segmask playground</h1>
          <PhotoPicker photo={photo} onPhoto={usePhoto} />
          <fieldset className="sm-field">
            <legend>Backend</legend>
            <select
              aria-label="Backend"
              value={choice.kind}
              onChange={(e) => setChoice((c) => ({ ...c, kind: e.target.value as BackendKind }))}
            >
              {(Object.keys(BACKEND_LABELS) as BackendKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {BACKEND_LABELS[kind]}
                </option>
              ))}
            </select>
            {remoteKind(choice.kind) === 'cloud' ? (
              <input
                type="password"
                autoComplete="off"
                aria-label="Moondream API key (kept in memory only)"
                placeholder="API key (memory only)"
                value={choice.apiKey}
                onChange={(e) => setChoice((c) => ({ ...c, apiKey: e.target.value }))}
              />
            ) : null}
            {remoteKind(choice.kind) === 'server' ? (
              <input
                type="url"
                aria-label="Server URL"
                value={choice.endpoint}
                onChange={(e) => setChoice((c) => ({ ...c, endpoint: e.target.value }))}
              />
            ) : null}
          </fieldset>
          <label className="sm-field">
            <span className="sm-legend">Object</span>
            <input
              value={object}
              onChange={(e) => setObject(e.target.value)}
              aria-label="Object"
              placeholder="Name it, e.g. dog (optional with clicks)"
            />
          </label>
          <details className="sm-field" data-testid="keyboard-help">
            <summary>Keyboard (focus the photo)</summary>
            <ul className="sm-note">
              {KEYMAP.flatMap((a) => (a.help ? [<li key={a.help}>{a.help}</li>] : []))}
            </ul>
          </details>
        </div>
        <div className="sm-col">
          <StagePanel status={status} times={times} />
          <fieldset className="sm-field">
            <legend>Export</legend>
            <label className="sm-row sm-note">
              Soft edge {feather} px
              <input
                type="range"
                min={0}
                max={8}
                value={feather}
                onChange={(e) => setFeather(Number(e.target.value))}
                aria-label="Soft edge of the cutout, in pixels"
              />
            </label>
            <div className="sm-grid">
              {(Object.keys(EXPORT_LABELS) as ExportKind[]).map((kind) => (
                <button key={kind} type="button" disabled={!result || !size} onClick={() => exportAs(kind)}>
                  {EXPORT_LABELS[kind]}
                </button>
              ))}
            </div>
            <output className="sm-note" data-testid="exported">
              {exported}
            </output>
            {cutout ? (
              <img
                className="sm-cutout"
                src={cutout.url}
                alt={`Cutout of the ${object.trim() || 'object'}`}
                data-crop={`${cutout.crop.x},${cutout.crop.y},${cutout.crop.width},${cutout.crop.height}`}
              />
            ) : null}
          </fieldset>
        </div>
      </aside>
    </div>
  );
}
