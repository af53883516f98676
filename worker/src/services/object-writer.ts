/**
 * R2's multipart parts must be at least 5 MiB and all but the last the same size, so a part is exactly
 * this long; it is also the most an object being written holds in memory.
 */
export const PART_BYTES = 5 * 1024 * 1024;
const FIRST_BUFFER_BYTES = 64 * 1024;

type Options = { httpMetadata: R2HTTPMetadata; customMetadata: Record<string, string> };

/**
 * Writes an R2 object of unknown length as its bytes arrive. R2's `put` needs the whole body or a stream
 * of known length, so bytes gather into one part: an object that fits in a part is one `put`, a larger one
 * becomes a multipart upload of PART_BYTES parts. The buffer grows with the object up to one part, so a
 * small file costs little.
 */
export class ObjectWriter {
  private buffer = new Uint8Array(0);
  private filled = 0;
  private multipart: R2MultipartUpload | undefined;
  private readonly parts: R2UploadedPart[] = [];
  private finished = false;

  constructor(
    private readonly bucket: R2Bucket,
    readonly key: string,
    private readonly options: Options,
  ) {}

  async write(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      this.reserve(Math.min(PART_BYTES, this.filled + bytes.length - offset));
      const n = Math.min(PART_BYTES - this.filled, bytes.length - offset);
      this.buffer.set(bytes.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === PART_BYTES) await this.sendPart();
    }
  }

  /** Stores the object: it is in the bucket once this resolves. */
  async close(): Promise<void> {
    if (!this.multipart) {
      await this.bucket.put(this.key, this.buffer.subarray(0, this.filled), this.options);
    } else {
      if (this.filled > 0) await this.sendPart();
      await this.multipart.complete(this.parts);
    }
    this.finished = true;
    this.buffer = new Uint8Array(0);
  }

  /** Removes whatever was written: an unfinished multipart upload, or the stored object. */
  async discard(): Promise<void> {
    this.buffer = new Uint8Array(0);
    if (this.finished) await this.bucket.delete(this.key);
    else await this.multipart?.abort();
  }

  private reserve(size: number) {
    if (size <= this.buffer.length) return;
    let capacity = Math.max(FIRST_BUFFER_BYTES, this.buffer.length);
    while (capacity < size) capacity *= 2;
    const grown = new Uint8Array(Math.min(PART_BYTES, capacity));
    grown.set(this.buffer.subarray(0, this.filled));
    this.buffer = grown;
  }

  private async sendPart() {
    this.multipart ??= await this.bucket.createMultipartUpload(this.key, this.options);
    // The part is uploaded before the buffer is refilled: awaiting it is the backpressure on the reader.
    this.parts.push(
      await this.multipart.uploadPart(this.parts.length + 1, this.buffer.subarray(0, this.filled)),
    );
    this.filled = 0;
  }
}
