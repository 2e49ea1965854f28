// The host computes a board's hash with the firmware's own function, so both always agree.
export { boardHash } from "../../../firmware/board/hash";
