// KMS list paging: Marker is an opaque position (here an index into a stable ordering), NextMarker/Truncated.
import { KmsErrors } from './errors.js';

export function page<T>(
  items: T[],
  limit: number | undefined,
  marker: string | undefined,
  fallback: number,
): { items: T[]; NextMarker?: string; Truncated: boolean } {
  let start = 0;
  if (marker !== undefined) {
    if (!/^p\d+$/.test(marker)) throw KmsErrors.invalidMarker();
    start = Number(marker.slice(1));
  }
  const n = limit ?? fallback;
  const slice = items.slice(start, start + n);
  const more = start + n < items.length;
  return more ? { items: slice, NextMarker: `p${start + n}`, Truncated: true } : { items: slice, Truncated: false };
}
