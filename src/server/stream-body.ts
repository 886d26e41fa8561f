// Response bodies too large to hold in memory (S3 objects): the pipeline passes them to the HTTP front, which
// pipes them to the socket.
import type { Readable } from 'node:stream';

export class StreamBody {
  constructor(
    /** Exact byte count (Content-Length). */
    readonly length: number,
    /** Opens the stream when the answer is sent (not before: a HEAD or an error never opens it). */
    readonly open: () => Readable,
  ) {}
}
