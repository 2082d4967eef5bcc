import { useEffect, useMemo } from 'react';

/** A URL to show the image by: the string itself, or an object URL for a Blob, revoked after use. */
export function useImageUrl(image: string | Blob): string {
  const url = useMemo(() => (typeof image === 'string' ? image : URL.createObjectURL(image)), [image]);
  useEffect(
    () => () => {
      if (typeof image !== 'string') URL.revokeObjectURL(url);
    },
    [image, url],
  );
  return url;
}
