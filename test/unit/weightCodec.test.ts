import * as assert from 'node:assert/strict';
import { packWeights, weightAt, type PackedWeights } from '../../src/core/classifier/weightCodec';
import { seeded } from '../../scripts/routerTraining';

const unpack = (packed: PackedWeights) => Array.from({ length: packed.count }, (_, i) => weightAt(packed, i));

describe('packed model weights', () => {
  const random = seeded(7);
  // Like trained weights: most near zero, a few large, some exactly zero.
  const weights = Float64Array.from({ length: 5000 }, (_, i) => (i % 11 === 0 ? 0 : (random() - 0.5) * (i % 97 === 0 ? 5 : 0.2)));

  it('takes about a byte and a third per weight', () => {
    const packed = packWeights(weights, 256);
    assert.ok(JSON.stringify(packed).length < weights.length * 1.4, `${JSON.stringify(packed).length} characters`);
  });

  it('gives back every weight within a small step of its block scale, zeros and signs exact', () => {
    const packed = packWeights(weights, 256);
    const back = unpack(packed);
    assert.equal(back.length, weights.length);
    for (let i = 0; i < weights.length; i++) {
      const scale = packed.scales[Math.floor(i / 256)];
      if (weights[i] === 0) assert.equal(back[i], 0);
      else if (back[i] !== 0) assert.equal(Math.sign(back[i]), Math.sign(weights[i]));
      // The step of level q is about 2q/127² of the scale: at most 2/127 of it, finer for small weights.
      assert.ok(Math.abs(back[i] - weights[i]) <= scale * (Math.sqrt(Math.abs(weights[i]) / scale) / 127 + 1 / 127 ** 2), `weight ${i}: ${weights[i]} came back ${back[i]}`);
    }
  });

  it('keeps small weights in a block with a large one finer than an even int8 step would', () => {
    const block = Float64Array.from([4, 0.01, -0.02, 0.005]);
    const back = unpack(packWeights(block, 4));
    const evenStep = 4 / 127;
    for (let i = 1; i < block.length; i++) assert.ok(Math.abs(back[i] - block[i]) < evenStep / 4, `${block[i]} came back ${back[i]}`);
    assert.equal(back[0], 4);
  });

  it('handles a length that is not a multiple of three or of the block', () => {
    for (const length of [1, 2, 3, 4, 257, 511]) {
      const values = Float64Array.from({ length }, (_, i) => [1, -1, 0][i % 3]);
      assert.deepEqual(unpack(packWeights(values, 256)), Array.from(values));
    }
  });
});
