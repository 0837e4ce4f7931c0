/**
 * The shipped weights as text: one byte per weight in base64, in blocks that each carry their
 * largest magnitude. A byte holds a signed level q in −127…127 and the weight is
 * sign(q) · (q / 127)² · blockScale, so small weights, the common ones, keep a finer step than
 * the few large ones. Weights are read in place, one at a time.
 */
export interface PackedWeights {
  /** Base64 of one byte per weight: the level plus 128. */
  readonly bytes: string;
  /** Per block of `block` weights, its largest magnitude. */
  readonly scales: readonly number[];
  readonly block: number;
  readonly count: number;
}

const LEVELS = 127;
const ZERO = 128;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function packWeights(values: ArrayLike<number>, block: number): PackedWeights {
  const bytes = new Uint8Array(values.length);
  const scales: number[] = [];
  for (let start = 0; start < values.length; start += block) {
    const end = Math.min(values.length, start + block);
    let max = 0;
    for (let i = start; i < end; i++) max = Math.max(max, Math.abs(values[i]));
    const scale = Number(max.toPrecision(6));
    scales.push(scale);
    for (let i = start; i < end; i++) {
      const level = scale === 0 ? 0 : Math.min(LEVELS, Math.round(LEVELS * Math.sqrt(Math.abs(values[i]) / scale)));
      bytes[i] = ZERO + (values[i] < 0 ? -level : level);
    }
  }
  return { bytes: toBase64(bytes), scales, block, count: values.length };
}

/** One weight, read in place from the text: a decision reads a few hundred, so nothing is decoded at load. */
export function weightAt(packed: PackedWeights, index: number): number {
  return MAGNITUDES[byteAt(packed.bytes, index)] * packed.scales[Math.floor(index / packed.block)];
}

/** Per stored byte, its weight as a share of the block scale. */
const MAGNITUDES = Float64Array.from({ length: 256 }, (_, byte) => Math.sign(byte - ZERO) * ((byte - ZERO) / LEVELS) ** 2);

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const triple = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    text += ALPHABET[(triple >> 18) & 63] + ALPHABET[(triple >> 12) & 63];
    text += i + 1 < bytes.length ? ALPHABET[(triple >> 6) & 63] : '=';
    text += i + 2 < bytes.length ? ALPHABET[triple & 63] : '=';
  }
  return text;
}

const SEXTETS = (() => {
  const table = new Uint8Array(128);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Byte `index` of base64 `text`: bytes come in threes from four characters. */
function byteAt(text: string, index: number): number {
  const triple = Math.floor(index / 3);
  const at = triple * 4;
  switch (index - triple * 3) {
    case 0:
      return (SEXTETS[text.charCodeAt(at)] << 2) | (SEXTETS[text.charCodeAt(at + 1)] >> 4);
    case 1:
      return ((SEXTETS[text.charCodeAt(at + 1)] & 15) << 4) | (SEXTETS[text.charCodeAt(at + 2)] >> 2);
    default:
      return ((SEXTETS[text.charCodeAt(at + 2)] & 3) << 6) | SEXTETS[text.charCodeAt(at + 3)];
  }
}
