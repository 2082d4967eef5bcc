import { useEffect, useId } from 'react';

export interface Photo {
  /** A URL (the samples) or the visitor's own file. */
  source: string | Blob;
  name: string;
  /** What a sample shows, for the object field; the visitor's own photo has none (they say). */
  object?: string;
}

export const SAMPLES: Photo[] = [
  { source: 'assets/astronaut.jpg', name: 'astronaut.jpg', object: 'astronaut' },
  { source: 'assets/chelsea.png', name: 'chelsea.png', object: 'cat' },
  { source: 'assets/rocket.jpg', name: 'rocket.jpg', object: 'rocket' },
  { source: 'assets/coffee.png', name: 'coffee.png', object: 'cup' },
];

const firstImage = (files: FileList | null | undefined) =>
  Array.from(files ?? []).find((file) => file.type.startsWith('image/'));

/** Files dropped anywhere on `target`, and images pasted anywhere in the page. */
export function useDropAndPaste(target: HTMLElement | null, onPhoto: (photo: Photo) => void) {
  useEffect(() => {
    const paste = (event: ClipboardEvent) => {
      const file = firstImage(event.clipboardData?.files);
      if (!file) return;
      event.preventDefault();
      onPhoto({ source: file, name: file.name || 'pasted.png' });
    };
    const over = (event: DragEvent) => event.preventDefault();
    const drop = (event: DragEvent) => {
      const file = firstImage(event.dataTransfer?.files);
      if (!file) return;
      event.preventDefault();
      onPhoto({ source: file, name: file.name });
    };
    window.addEventListener('paste', paste);
    target?.addEventListener('dragover', over);
    target?.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('paste', paste);
      target?.removeEventListener('dragover', over);
      target?.removeEventListener('drop', drop);
    };
  }, [target, onPhoto]);
}

/** A sample, or the visitor's own photo from a file picker (drop and paste work too). */
export function PhotoPicker({ photo, onPhoto }: { photo: Photo; onPhoto(photo: Photo): void }) {
  const id = useId();
  const sample = typeof photo.source === 'string' ? photo.name : '';
  return (
    <fieldset className="sm-field">
      <legend>Photo</legend>
      <div className="sm-row">
        <select
          aria-label="Sample photo"
          value={sample}
          onChange={(e) => onPhoto(SAMPLES.find((s) => s.name === e.target.value) ?? SAMPLES[0]!)}
        >
          {sample ? null : <option value="">{photo.name}</option>}
          {SAMPLES.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
        <label htmlFor={id} className="sm-button">
          Your photo…
        </label>
        <input
          id={id}
          type="file"
          accept="image/*"
          className="sm-visually-hidden"
          data-testid="photo-input"
          onChange={(e) => {
            const file = firstImage(e.target.files);
            if (file) onPhoto({ source: file, name: file.name });
            e.target.value = '';
          }}
        />
      </div>
      <p className="sm-note">or drop or paste one (Ctrl+V). It stays in this tab.</p>
    </fieldset>
  );
}
