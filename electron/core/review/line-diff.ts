/**
 * Myers' O(ND) difference algorithm in linear space (the "middle snake" bisection, as in
 * diff-match-patch and GNU diff), over integer ids of whole lines. Two cheap steps first, as git's
 * xdiff does: common prefix/suffix are trimmed, and lines that occur only on one side are marked
 * changed up front (no common subsequence can use them), which keeps rewrites of whole files fast.
 */

export interface LineDiff {
  /** removed[i]: old line i is not in the common subsequence. */
  removed: Uint8Array;
  /** added[j]: new line j is not in the common subsequence. */
  added: Uint8Array;
}

/** Past this many edit steps in one bisection, the range is taken as replaced wholesale: still a valid diff, just not minimal. */
const MAX_COST = 4096;

/** `a` and `b` hold line ids: non-negative integers, equal for equal lines. */
export function diffLines(a: ArrayLike<number>, b: ArrayLike<number>): LineDiff {
  const removed = new Uint8Array(a.length);
  const added = new Uint8Array(b.length);
  // Lines present on one side only are changes whatever the alignment. Ids are small non-negative
  // integers (interned lines), so presence is a byte per id rather than a Set.
  let maxId = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > maxId) maxId = a[i];
  for (let j = 0; j < b.length; j++) if (b[j] > maxId) maxId = b[j];
  const inA = new Uint8Array(maxId + 1);
  const inB = new Uint8Array(maxId + 1);
  for (let i = 0; i < a.length; i++) inA[a[i]] = 1;
  for (let j = 0; j < b.length; j++) inB[b[j]] = 1;
  const keepA: number[] = [];
  const keepB: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (inB[a[i]]) keepA.push(i);
    else removed[i] = 1;
  }
  for (let j = 0; j < b.length; j++) {
    if (inA[b[j]]) keepB.push(j);
    else added[j] = 1;
  }
  const ra = Int32Array.from(keepA, (i) => a[i]);
  const rb = Int32Array.from(keepB, (j) => b[j]);
  const subRemoved = new Uint8Array(ra.length);
  const subAdded = new Uint8Array(rb.length);
  compare(ra, 0, ra.length, rb, 0, rb.length, subRemoved, subAdded);
  for (let k = 0; k < ra.length; k++) if (subRemoved[k]) removed[keepA[k]] = 1;
  for (let k = 0; k < rb.length; k++) if (subAdded[k]) added[keepB[k]] = 1;
  return { removed, added };
}

function compare(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
  removed: Uint8Array,
  added: Uint8Array,
): void {
  // An explicit stack: deep recursion on long inputs would overflow the call stack.
  const stack: number[] = [aLo, aHi, bLo, bHi];
  while (stack.length > 0) {
    bHi = stack.pop()!;
    bLo = stack.pop()!;
    aHi = stack.pop()!;
    aLo = stack.pop()!;
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
      aLo++;
      bLo++;
    }
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
      aHi--;
      bHi--;
    }
    if (aLo === aHi) {
      for (let j = bLo; j < bHi; j++) added[j] = 1;
      continue;
    }
    if (bLo === bHi) {
      for (let i = aLo; i < aHi; i++) removed[i] = 1;
      continue;
    }
    const split = bisect(a, aLo, aHi, b, bLo, bHi);
    if (split === null) {
      for (let i = aLo; i < aHi; i++) removed[i] = 1;
      for (let j = bLo; j < bHi; j++) added[j] = 1;
      continue;
    }
    const [x, y] = split;
    stack.push(x, aHi, y, bHi, aLo, x, bLo, y);
  }
}

/** The middle snake's start as absolute (x, y), or null when the range has nothing in common (or costs too much). */
function bisect(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
): [number, number] | null {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const maxD = Math.min(Math.ceil((n + m) / 2), MAX_COST);
  const offset = maxD + 1;
  const length = 2 * offset + 1;
  const v1 = new Int32Array(length).fill(-1);
  const v2 = new Int32Array(length).fill(-1);
  v1[offset + 1] = 0;
  v2[offset + 1] = 0;
  const delta = n - m;
  const front = (delta & 1) !== 0;
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  for (let d = 0; d < maxD; d++) {
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const k1o = offset + k1;
      let x1 = k1 === -d || (k1 !== d && v1[k1o - 1] < v1[k1o + 1]) ? v1[k1o + 1] : v1[k1o - 1] + 1;
      let y1 = x1 - k1;
      while (x1 < n && y1 < m && a[aLo + x1] === b[bLo + y1]) {
        x1++;
        y1++;
      }
      v1[k1o] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const k2o = offset + delta - k1;
        if (k2o >= 0 && k2o < length && v2[k2o] !== -1 && x1 >= n - v2[k2o]) return [aLo + x1, bLo + y1];
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const k2o = offset + k2;
      let x2 = k2 === -d || (k2 !== d && v2[k2o - 1] < v2[k2o + 1]) ? v2[k2o + 1] : v2[k2o - 1] + 1;
      let y2 = x2 - k2;
      while (x2 < n && y2 < m && a[aHi - x2 - 1] === b[bHi - y2 - 1]) {
        x2++;
        y2++;
      }
      v2[k2o] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const k1o = offset + delta - k2;
        if (k1o >= 0 && k1o < length && v1[k1o] !== -1) {
          const x1 = v1[k1o];
          const y1 = x1 - (k1o - offset);
          if (x1 >= n - x2) return [aLo + x1, bLo + y1];
        }
      }
    }
  }
  return null;
}
