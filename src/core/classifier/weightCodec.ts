/**
 * The shipped weights as text: one byte per weight in base64, in blocks that each carry their
 * largest magnitude. A byte holds a signed level q in −127…127 and the weight is
 * sign(q) · (q / 127)² · blockScale, so small weights, the common ones, keep a finer step than
 * the few large ones.
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
  return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), scales, block, count: values.length };
}

/** One weight: the bytes are decoded from base64 once per packed set (about 100 KB, a fraction of a millisecond), then read directly. */
export function weightAt(packed: PackedWeights, index: number): number {
  return MAGNITUDES[levelsOf(packed)[index]] * packed.scales[Math.floor(index / packed.block)];
}

/** Per stored byte, its weight as a share of the block scale. */
const MAGNITUDES = Float64Array.from({ length: 256 }, (_, byte) => Math.sign(byte - ZERO) * ((byte - ZERO) / LEVELS) ** 2);

const decoded = new WeakMap<PackedWeights, Uint8Array>();

function levelsOf(packed: PackedWeights): Uint8Array {
  let levels = decoded.get(packed);
  if (levels === undefined) {
    levels = Buffer.from(packed.bytes, 'base64');
    decoded.set(packed, levels);
  }
  return levels;
}
