/**
 * Mode S parity: CRC-24 with generator polynomial 0x1FFF409 (ICAO Annex 10 Vol IV, 3.1.2.3.3; the same
 * table-driven form as dump1090's crc.c). Extended squitters (DF17/18) and all-call replies (DF11)
 * carry the plain parity, so the CRC of the whole frame is 0; surveillance replies (DF0/4/5/16/20/21)
 * overlay it with the sender's address, so the CRC of the data XOR the parity field *is* the address.
 */

const TABLE = (() => {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 16;
    for (let k = 0; k < 8; k++) c = c & 0x800000 ? ((c << 1) ^ 0xfff409) & 0xffffff : (c << 1) & 0xffffff;
    table[i] = c;
  }
  return table;
})();

/** CRC-24 of `len` bytes of `buf` from `offset` (the data bytes, without the 3 parity bytes). */
export function crc24(buf: Uint8Array, offset: number, len: number): number {
  let crc = 0;
  for (let i = 0; i < len; i++) crc = ((crc << 8) & 0xffffff) ^ TABLE[((crc >>> 16) ^ buf[offset + i]!) & 0xff]!;
  return crc;
}

/** The last 3 bytes of a frame of `bytes` bytes, as one 24-bit number. */
export function parityField(buf: Uint8Array, offset: number, bytes: number): number {
  const p = offset + bytes - 3;
  return (buf[p]! << 16) | (buf[p + 1]! << 8) | buf[p + 2]!;
}

/** CRC of the data XOR the transmitted parity: 0 for an intact DF17/18, the address for DF4/5/20/21. */
export function residual(buf: Uint8Array, offset: number, bytes: number): number {
  return (crc24(buf, offset, bytes - 3) ^ parityField(buf, offset, bytes)) >>> 0;
}
