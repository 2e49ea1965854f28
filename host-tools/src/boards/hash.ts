import type { BoardConfig } from "../../../firmware/board/config";
import { crc32 } from "../../../firmware/protocol/crc32";

/**
 * The identity of a board's geometry and limits: CRC-32 of its configuration as JSON. A
 * compiled mission carries the hash of the board it was checked against.
 */
export function boardHash(board: BoardConfig): number {
  return crc32(new TextEncoder().encode(JSON.stringify(board)));
}
