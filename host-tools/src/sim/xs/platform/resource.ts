// Stands in for Moddable's `Resource` in the simulator's bundle: the data the manifest flashed.
import { boundChip } from "./chip";

export default class Resource {
  private readonly bytes: ArrayBuffer;

  constructor(path: string) {
    const bytes = boundChip().resources.get(path);
    // The message modules/files/resource/Resource.c throws (as a URIError).
    if (!bytes) throw new URIError(`Resource not found: ${path}`);
    this.bytes = bytes;
  }

  static exists(path: string): boolean {
    return boundChip().resources.has(path);
  }

  get byteLength(): number {
    return this.bytes.byteLength;
  }

  slice(begin: number, end?: number): ArrayBuffer {
    return this.bytes.slice(begin, end);
  }
}
