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
  (memory (export "memory") 1)

  ;; Pixels (n × k bytes) → CSR: rowStart (n+1 × i32), idx (i32 pixel index), val (f32 pixel·scale).
  ;; Returns the number of non-zero pixels.
  (func (export "toRows") (param $px i32) (param $n i32) (param $k i32) (param $scale f32)
        (param $rowStart i32) (param $idx i32) (param $val i32) (result i32)
    (local $i i32) (local $j i32) (local $m i32) (local $p i32) (local $row i32)
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (local.get $rowStart) (i32.shl (local.get $i) (i32.const 2))) (local.get $m))
        (local.set $row (i32.add (local.get $px) (i32.mul (local.get $i) (local.get $k))))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $k)))
            (local.set $p (i32.load8_u (i32.add (local.get $row) (local.get $j))))
            (if (local.get $p)
              (then
                (i32.store (i32.add (local.get $idx) (i32.shl (local.get $m) (i32.const 2))) (local.get $j))
                (f32.store (i32.add (local.get $val) (i32.shl (local.get $m) (i32.const 2)))
                  (f32.mul (f32.convert_i32_u (local.get $p)) (local.get $scale)))
                (local.set $m (i32.add (local.get $m) (i32.const 1)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (i32.store (i32.add (local.get $rowStart) (i32.shl (local.get $n) (i32.const 2))) (local.get $m))
    (local.get $m))

  ;; CSR of an n × k matrix → CSR of its k × n transpose (colStart k+1 × i32; cursor: k × i32 scratch).
  (func (export "transpose") (param $rowStart i32) (param $idx i32) (param $val i32) (param $n i32) (param $k i32)
        (param $colStart i32) (param $cursor i32) (param $tIdx i32) (param $tVal i32)
    (local $i i32) (local $j i32) (local $t i32) (local $end i32) (local $pos i32) (local $a i32)
    ;; count entries per column into colStart[j + 1]
    (memory.fill (local.get $colStart) (i32.const 0) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2)))
    (local.set $end (i32.load (i32.add (local.get $rowStart) (i32.shl (local.get $n) (i32.const 2)))))
    (local.set $t (i32.const 0))
    (block $countDone
      (loop $count
        (br_if $countDone (i32.ge_u (local.get $t) (local.get $end)))
        (local.set $a (i32.add (local.get $colStart)
          (i32.shl (i32.add (i32.load (i32.add (local.get $idx) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 1)) (i32.const 2))))
        (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $count)))
    ;; prefix sums: colStart[j] = first entry of column j; cursor = a copy to fill from
    (local.set $j (i32.const 1))
    (block $sumDone
      (loop $sum
        (br_if $sumDone (i32.gt_u (local.get $j) (local.get $k)))
        (local.set $a (i32.add (local.get $colStart) (i32.shl (local.get $j) (i32.const 2))))
        (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.load (i32.sub (local.get $a) (i32.const 4)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $sum)))
    (memory.copy (local.get $cursor) (local.get $colStart) (i32.shl (local.get $k) (i32.const 2)))
    ;; fill, rows in increasing order so each column lists its rows in increasing order
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $t (i32.load (i32.add (local.get $rowStart) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $rowStart) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
        (block $entriesDone
          (loop $entries
            (br_if $entriesDone (i32.ge_u (local.get $t) (local.get $end)))
            (local.set $j (i32.load (i32.add (local.get $idx) (i32.shl (local.get $t) (i32.const 2)))))
            (local.set $a (i32.add (local.get $cursor) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $pos (i32.load (local.get $a)))
            (i32.store (local.get $a) (i32.add (local.get $pos) (i32.const 1)))
            (i32.store (i32.add (local.get $tIdx) (i32.shl (local.get $pos) (i32.const 2))) (local.get $i))
            (f32.store (i32.add (local.get $tVal) (i32.shl (local.get $pos) (i32.const 2)))
              (f32.load (i32.add (local.get $val) (i32.shl (local.get $t) (i32.const 2)))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $entries)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; out[r, :] = Σ_{t in row r} val[t] · src[idx[t], :] for r < rows; out and src rows are `width` f32.
  ;; Columns go in blocks of 16 (four accumulators) while they last, then blocks of 4.
  (func (export "gatherSum") (param $start i32) (param $idx i32) (param $val i32) (param $rows i32)
        (param $src i32) (param $width i32) (param $out i32)
    (local $r i32) (local $t i32) (local $t0 i32) (local $end i32) (local $c i32) (local $stride i32)
    (local $outRow i32) (local $base i32) (local $a v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local.set $stride (i32.shl (local.get $width) (i32.const 2)))
    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $t0 (i32.load (i32.add (local.get $start) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $start) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        (local.set $outRow (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $c (i32.const 0))
        ;; blocks of 16 columns
        (block $wideDone
          (loop $wide
            (br_if $wideDone (i32.gt_u (i32.add (local.get $c) (i32.const 16)) (local.get $width)))
            (local.set $acc0 (v128.const i32x4 0 0 0 0))
            (local.set $acc1 (v128.const i32x4 0 0 0 0))
            (local.set $acc2 (v128.const i32x4 0 0 0 0))
            (local.set $acc3 (v128.const i32x4 0 0 0 0))
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
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $entries)))
            (local.set $base (i32.add (local.get $outRow) (i32.shl (local.get $c) (i32.const 2))))
            (v128.store offset=0 (local.get $base) (local.get $acc0))
            (v128.store offset=16 (local.get $base) (local.get $acc1))
            (v128.store offset=32 (local.get $base) (local.get $acc2))
            (v128.store offset=48 (local.get $base) (local.get $acc3))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
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
