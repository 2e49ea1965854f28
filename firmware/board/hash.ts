import { crc32Text } from "../protocol/crc32";
import type { BoardConfig } from "./config";

/**
 * The identity of a board's geometry and limits: CRC-32 of its configuration as JSON (UTF-8).
 * A compiled mission carries the hash of the board it was checked against; the lander refuses
 * one made for another board, or for this one before its file changed. The host computes the
 * same from the same file.
 */
export function boardHash(board: BoardConfig): number {
  return crc32Text(JSON.stringify(board));
}
