;; The first Dense layer of an image net, computed from the raw pixels instead of a dense float
;; matrix. MNIST images are ~80 % black, so x·W (forward) and xᵀ·dz (the kernel's gradient)
;; need only a fifth of the multiply-adds a dense matmul does (src/trainer/sparse-input.ts).
;;
;; Both products are the same operation on a sparse matrix stored row by row:
;;   out[r, :] = Σ_{t in row r} val[t] · src[idx[t], :]
;; forward: rows = images, idx = pixel index, src = W;   backward: rows = pixels (the
;; transposed batch), idx = image index, src = dz. Every address is a byte offset into this
;; module's memory; `width` (output columns) must be a multiple of 4. Sums run over t in
;; increasing order, one SIMD lane per output column, so results are deterministic.
;;
;; Compiled by scripts/compile-kernels.mjs into sparse-input.wasm.ts (a test checks they agree).
(module
  ;; Imported so that several kernels can share one memory (src/trainer/wasm-mlp.ts); exported
  ;; back for the callers that made it for this instance alone.
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))

;; Before index: the non-zero pixels of each of the k columns over n rows, as u16 counters
  ;; (16 columns a chunk, two v128 of counters each: ceil(k/16)·32 bytes at $counts); returns the
  ;; total, so a batch too dense for this kernel is told apart before any index is built. Bytes
  ;; past a row's k-th (the next row's, or the 16 bytes of slack after the last) are masked off.
  (func (export "countColumns") (param $px i32) (param $n i32) (param $k i32) (param $counts i32) (result i32)
    (local $r i32) (local $c i32) (local $chunks i32) (local $row i32) (local $p i32) (local $total i32)
    (local $tail v128) (local $nz v128)
    (local.set $chunks (i32.shr_u (i32.add (local.get $k) (i32.const 15)) (i32.const 4)))
    (memory.fill (local.get $counts) (i32.const 0) (i32.shl (local.get $chunks) (i32.const 5)))
    ;; lanes of the last chunk that are still this row's
    (local.set $tail (i8x16.lt_u (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
      (i8x16.splat (i32.sub (local.get $k) (i32.shl (i32.sub (local.get $chunks) (i32.const 1)) (i32.const 4))))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $row (i32.add (local.get $px) (i32.mul (local.get $r) (local.get $k))))
        (local.set $c (i32.const 0))
        (block $chunksDone
          (loop $chunk
            (br_if $chunksDone (i32.ge_u (local.get $c) (local.get $chunks)))
            ;; 0xFF (-1) for a non-zero byte; subtracting the sign-extended lanes counts it
            (local.set $nz (v128.not (i8x16.eq (v128.load (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 4))))
              (v128.const i32x4 0 0 0 0))))
            (if (i32.eq (local.get $c) (i32.sub (local.get $chunks) (i32.const 1)))
              (then (local.set $nz (v128.and (local.get $nz) (local.get $tail)))))
            (local.set $p (i32.add (local.get $counts) (i32.shl (local.get $c) (i32.const 5))))
            (v128.store offset=0 (local.get $p)
              (i16x8.sub (v128.load offset=0 (local.get $p)) (i16x8.extend_low_i8x16_s (local.get $nz))))
            (v128.store offset=16 (local.get $p)
              (i16x8.sub (v128.load offset=16 (local.get $p)) (i16x8.extend_high_i8x16_s (local.get $nz))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $chunk)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))
    (local.set $c (i32.const 0))
    (block $sumDone
      (loop $sum
        (br_if $sumDone (i32.ge_u (local.get $c) (local.get $k)))
        (local.set $total (i32.add (local.get $total)
          (i32.load16_u (i32.add (local.get $counts) (i32.shl (local.get $c) (i32.const 1))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $sum)))
    (local.get $total))

  ;; After countColumns on the same pixels: the batch as CSR by rows (rowStart n+1 × i32, idx i32
  ;; pixel index, val f32 pixel·scale) and by columns (colStart k+1 × i32, tIdx i32 row, tVal),
  ;; in one pass over the pixels that visits only the non-zero ones (a bitmask per 16 bytes);
  ;; cursor is k × i32 scratch. Rows go in increasing order, so each column lists its rows in
  ;; increasing order. Returns the number of non-zero pixels.
  (func (export "index") (param $px i32) (param $n i32) (param $k i32) (param $scale f32) (param $counts i32)
        (param $rowStart i32) (param $idx i32) (param $val i32) (param $colStart i32) (param $cursor i32)
        (param $tIdx i32) (param $tVal i32) (result i32)
    (local $r i32) (local $c i32) (local $j i32) (local $m i32) (local $chunks i32) (local $row i32)
    (local $bits i32) (local $lastBits i32) (local $col i32) (local $pos i32) (local $a i32) (local $f f32)
    ;; colStart[j] = Σ counts before j; cursor = a copy to fill from
    (i32.store (local.get $colStart) (i32.const 0))
    (block $prefixDone
      (loop $prefix
        (br_if $prefixDone (i32.ge_u (local.get $j) (local.get $k)))
        (local.set $m (i32.add (local.get $m)
          (i32.load16_u (i32.add (local.get $counts) (i32.shl (local.get $j) (i32.const 1))))))
        (i32.store (i32.add (local.get $colStart) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 2)))
          (local.get $m))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $prefix)))
    (memory.copy (local.get $cursor) (local.get $colStart) (i32.shl (local.get $k) (i32.const 2)))
    (local.set $chunks (i32.shr_u (i32.add (local.get $k) (i32.const 15)) (i32.const 4)))
    ;; bits of the last chunk that are still this row's
    (local.set $lastBits (i32.sub (i32.shl (i32.const 1)
      (i32.sub (local.get $k) (i32.shl (i32.sub (local.get $chunks) (i32.const 1)) (i32.const 4)))) (i32.const 1)))
    (local.set $m (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $n)))
        (i32.store (i32.add (local.get $rowStart) (i32.shl (local.get $r) (i32.const 2))) (local.get $m))
        (local.set $row (i32.add (local.get $px) (i32.mul (local.get $r) (local.get $k))))
        (local.set $c (i32.const 0))
        (block $chunksDone
          (loop $chunk
            (br_if $chunksDone (i32.ge_u (local.get $c) (local.get $chunks)))
            (local.set $bits (i8x16.bitmask (v128.not (i8x16.eq
              (v128.load (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 4))))
              (v128.const i32x4 0 0 0 0)))))
            (if (i32.eq (local.get $c) (i32.sub (local.get $chunks) (i32.const 1)))
              (then (local.set $bits (i32.and (local.get $bits) (local.get $lastBits)))))
            (block $bitsDone
              (loop $bit
                (br_if $bitsDone (i32.eqz (local.get $bits)))
                (local.set $col (i32.add (i32.shl (local.get $c) (i32.const 4)) (i32.ctz (local.get $bits))))
                (local.set $f (f32.mul (f32.convert_i32_u (i32.load8_u (i32.add (local.get $row) (local.get $col))))
                  (local.get $scale)))
                (i32.store (i32.add (local.get $idx) (i32.shl (local.get $m) (i32.const 2))) (local.get $col))
                (f32.store (i32.add (local.get $val) (i32.shl (local.get $m) (i32.const 2))) (local.get $f))
                (local.set $m (i32.add (local.get $m) (i32.const 1)))
                (local.set $a (i32.add (local.get $cursor) (i32.shl (local.get $col) (i32.const 2))))
                (local.set $pos (i32.load (local.get $a)))
                (i32.store (local.get $a) (i32.add (local.get $pos) (i32.const 1)))
                (i32.store (i32.add (local.get $tIdx) (i32.shl (local.get $pos) (i32.const 2))) (local.get $r))
                (f32.store (i32.add (local.get $tVal) (i32.shl (local.get $pos) (i32.const 2))) (local.get $f))
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $bit)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $chunk)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))
    (i32.store (i32.add (local.get $rowStart) (i32.shl (local.get $n) (i32.const 2))) (local.get $m))
    (local.get $m))

  ;; out[r, :] = Σ_{t in row r} val[t] · src[idx[t], :] for r < rows; out and src rows are `width` f32.
  ;; Columns go in blocks of 32 (eight accumulators: each entry's index and value are read once
  ;; per 32 columns) while they last, then blocks of 4. Against blocks of 16 this measured only
  ;; 2–6 % faster at width 128: the loop is at the multiply and add throughput of 128-bit SIMD.
  (func (export "gatherSum") (param $start i32) (param $idx i32) (param $val i32) (param $rows i32)
        (param $src i32) (param $width i32) (param $out i32)
    (local $r i32) (local $t i32) (local $t0 i32) (local $end i32) (local $c i32) (local $stride i32)
    (local $outRow i32) (local $base i32) (local $a v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128)
    (local.set $stride (i32.shl (local.get $width) (i32.const 2)))
    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $t0 (i32.load (i32.add (local.get $start) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $start) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        (local.set $outRow (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $c (i32.const 0))
        ;; blocks of 32 columns
        (block $wideDone
          (loop $wide
            (br_if $wideDone (i32.gt_u (i32.add (local.get $c) (i32.const 32)) (local.get $width)))
            (local.set $acc0 (v128.const i32x4 0 0 0 0))
            (local.set $acc1 (v128.const i32x4 0 0 0 0))
            (local.set $acc2 (v128.const i32x4 0 0 0 0))
            (local.set $acc3 (v128.const i32x4 0 0 0 0))
            (local.set $acc4 (v128.const i32x4 0 0 0 0))
            (local.set $acc5 (v128.const i32x4 0 0 0 0))
            (local.set $acc6 (v128.const i32x4 0 0 0 0))
            (local.set $acc7 (v128.const i32x4 0 0 0 0))
            (local.set $t (local.get $t0))
            (block $entriesDone
              (loop $entries
                (br_if $entriesDone (i32.ge_u (local.get $t) (local.get $end)))
                (local.set $a (f32x4.splat (f32.load (i32.add (local.get $val) (i32.shl (local.get $t) (i32.const 2))))))
                (local.set $base (i32.add (i32.add (local.get $src)
                  (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride)))
                  (i32.shl (local.get $c) (i32.const 2))))
                (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $a) (v128.load offset=0 (local.get $base)))))
                (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $a) (v128.load offset=16 (local.get $base)))))
                (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $a) (v128.load offset=32 (local.get $base)))))
                (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (local.get $a) (v128.load offset=48 (local.get $base)))))
                (local.set $acc4 (f32x4.add (local.get $acc4) (f32x4.mul (local.get $a) (v128.load offset=64 (local.get $base)))))
                (local.set $acc5 (f32x4.add (local.get $acc5) (f32x4.mul (local.get $a) (v128.load offset=80 (local.get $base)))))
                (local.set $acc6 (f32x4.add (local.get $acc6) (f32x4.mul (local.get $a) (v128.load offset=96 (local.get $base)))))
                (local.set $acc7 (f32x4.add (local.get $acc7) (f32x4.mul (local.get $a) (v128.load offset=112 (local.get $base)))))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $entries)))
            (local.set $base (i32.add (local.get $outRow) (i32.shl (local.get $c) (i32.const 2))))
            (v128.store offset=0 (local.get $base) (local.get $acc0))
            (v128.store offset=16 (local.get $base) (local.get $acc1))
            (v128.store offset=32 (local.get $base) (local.get $acc2))
            (v128.store offset=48 (local.get $base) (local.get $acc3))
            (v128.store offset=64 (local.get $base) (local.get $acc4))
            (v128.store offset=80 (local.get $base) (local.get $acc5))
            (v128.store offset=96 (local.get $base) (local.get $acc6))
            (v128.store offset=112 (local.get $base) (local.get $acc7))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (br $wide)))
        ;; blocks of 4 columns
        (block $narrowDone
          (loop $narrow
            (br_if $narrowDone (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $width)))
            (local.set $acc0 (v128.const i32x4 0 0 0 0))
            (local.set $t (local.get $t0))
            (block $entriesDone4
              (loop $entries4
                (br_if $entriesDone4 (i32.ge_u (local.get $t) (local.get $end)))
                (local.set $base (i32.add (i32.add (local.get $src)
                  (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride)))
                  (i32.shl (local.get $c) (i32.const 2))))
                (local.set $acc0 (f32x4.add (local.get $acc0)
                  (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $val) (i32.shl (local.get $t) (i32.const 2)))))
                             (v128.load (local.get $base)))))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $entries4)))
            (v128.store (i32.add (local.get $outRow) (i32.shl (local.get $c) (i32.const 2))) (local.get $acc0))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $narrow)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))
)
