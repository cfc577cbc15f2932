;; The first Dense layer of an image net on a dense batch (one that is not mostly 0, where
;; sparse-input.wat does not pay), as register-blocked f32x4 products. tfjs' wasm matmul
;; (XNNPACK) is about as fast per multiply-add, but the layer around it was not: the batch was
;; scaled to floats in JS and uploaded, and xᵀ·dz first transposed the whole batch
;; (bench/README.md, "Dense inputs"). Here the pixels are scaled once inside this module and both
;; products read them where they are.
;;
;;   load:     bytes (n × k) → x (np × kp f32, scale·p + offset; zero in the padding), where
;;             np = n rounded up to 4 and kp = k rounded up to 4
;;   forward:  z = x·W + bias, optionally max(·, 0); W is k × width; z is np × width
;;   prepare:  dz masked by the forward's ReLU (optional), and db = Σ dz over the rows
;;   backward: dW = xᵀ·dz over n rows (dW += … when accumulate ≠ 0); dz is n × width; dW is
;;             kp × width (or `count` of its rows). The caller runs it on 64 rows at a time: at batch 1000 one pass
;;             over all rows ran at ~26 GFLOP/s and chunks at ~35, as the chunk's rows of x
;;             and dz stay in cache across the column tiles. The sum is the same either way
;;             (each chunk continues the previous one's sums through memory, exactly).
;;
;; `width` must be a multiple of 8 (the caller pads other widths with zero columns). Tiles are
;; 4 rows × 8 columns (eight accumulators, two f32x4 of W or dz and one splat: 11 of x64's 16 vector registers); the splats are loads
;; (v128.load32_splat), which measured faster than one load and four lane shuffles. Every sum runs over its
;; index in increasing order, so results are deterministic.
;;
;; Compiled by scripts/compile-kernels.mjs into dense-input.wasm.ts (a test checks they agree).
(module
  ;; Imported so that several kernels can share one memory (src/trainer/wasm-mlp.ts); exported
  ;; back for the callers that made it for this instance alone.
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))

  ;; Non-zero bytes among the first `len` at `px` (the density test that picks this kernel or the sparse one).
  (func (export "countNonZero") (param $px i32) (param $len i32) (result i32)
    (local $i i32) (local $end16 i32) (local $acc v128) (local $count i32) (local $block i32)
    (local.set $end16 (i32.and (local.get $len) (i32.const -16)))
    ;; per-lane counts of zero bytes in u8 lanes, flushed every 255 blocks before they wrap
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (local.get $end16)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $block (i32.const 0))
        (block $innerDone
          (loop $inner
            (br_if $innerDone (i32.ge_u (local.get $i) (local.get $end16)))
            (br_if $innerDone (i32.ge_u (local.get $block) (i32.const 255)))
            ;; eq gives 0xFF (-1) per zero byte: subtracting counts it
            (local.set $acc (i8x16.sub (local.get $acc)
              (i8x16.eq (v128.load (i32.add (local.get $px) (local.get $i))) (v128.const i32x4 0 0 0 0))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (local.set $block (i32.add (local.get $block) (i32.const 1)))
            (br $inner)))
        (local.set $acc (i16x8.extadd_pairwise_i8x16_u (local.get $acc)))
        (local.set $acc (i32x4.extadd_pairwise_i16x8_u (local.get $acc)))
        (local.set $count (i32.add (local.get $count)
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))))
        (br $outer)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.eqz (i32.load8_u (i32.add (local.get $px) (local.get $i))))
          (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (i32.sub (local.get $len) (local.get $count)))

  ;; x[i, j] = scale·px[i, j] + offset for i < n, j < k; 0 for j in [k, kp) and for rows in [n, np).
  (func (export "load") (param $px i32) (param $n i32) (param $k i32) (param $kp i32) (param $np i32)
        (param $scale f32) (param $offset f32) (param $x i32)
    (local $i i32) (local $j i32) (local $src i32) (local $dst i32) (local $b v128) (local $w v128)
    (local $s v128) (local $o v128)
    (local.set $s (f32x4.splat (local.get $scale)))
    (local.set $o (f32x4.splat (local.get $offset)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $src (i32.add (local.get $px) (i32.mul (local.get $i) (local.get $k))))
        (local.set $dst (i32.add (local.get $x) (i32.shl (i32.mul (local.get $i) (local.get $kp)) (i32.const 2))))
        (local.set $j (i32.const 0))
        ;; 16 pixels at a time: u8 → u16 → u32 → f32
        (block $wideDone
          (loop $wide
            (br_if $wideDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $k)))
            (local.set $b (v128.load (i32.add (local.get $src) (local.get $j))))
            (local.set $w (i16x8.extend_low_i8x16_u (local.get $b)))
            (v128.store offset=0 (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (f32x4.mul (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $w))) (local.get $s)) (local.get $o)))
            (v128.store offset=16 (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (f32x4.mul (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $w))) (local.get $s)) (local.get $o)))
            (local.set $w (i16x8.extend_high_i8x16_u (local.get $b)))
            (v128.store offset=32 (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (f32x4.mul (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $w))) (local.get $s)) (local.get $o)))
            (v128.store offset=48 (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (f32x4.mul (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $w))) (local.get $s)) (local.get $o)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $wide)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $kp)))
            (f32.store (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))
              (if (result f32) (i32.lt_u (local.get $j) (local.get $k))
                (then (f32.add (f32.mul (f32.convert_i32_u (i32.load8_u (i32.add (local.get $src) (local.get $j))))
                                        (local.get $scale)) (local.get $offset)))
                (else (f32.const 0))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    ;; padding rows: zero, so their products are finite and ignored
    (memory.fill
      (i32.add (local.get $x) (i32.shl (i32.mul (local.get $n) (local.get $kp)) (i32.const 2)))
      (i32.const 0)
      (i32.shl (i32.mul (i32.sub (local.get $np) (local.get $n)) (local.get $kp)) (i32.const 2))))

  ;; z = x·W + bias (then max(z, 0) when relu ≠ 0) for np rows (a multiple of 4).
  (func (export "forward") (param $x i32) (param $np i32) (param $k i32) (param $kp i32)
        (param $w i32) (param $width i32) (param $bias i32) (param $relu i32) (param $z i32)
    (local $r i32) (local $c i32) (local $t i32) (local $xs i32) (local $zs i32) (local $ws i32)
    (local $p0 i32) (local $pw i32) (local $out i32)
    (local $b0 v128) (local $b1 v128) (local $a v128) (local $zero v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $xs (i32.shl (local.get $kp) (i32.const 2)))
    (local.set $ws (i32.shl (local.get $width) (i32.const 2)))
    (local.set $zs (local.get $ws))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $np)))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $width)))
            ;; accumulators start at the bias
            (local.set $c00 (v128.load offset=0 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $c01 (v128.load offset=16 (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $c10 (local.get $c00)) (local.set $c11 (local.get $c01))
            (local.set $c20 (local.get $c00)) (local.set $c21 (local.get $c01))
            (local.set $c30 (local.get $c00)) (local.set $c31 (local.get $c01))
            (local.set $p0 (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $xs))))
            (local.set $pw (i32.add (local.get $w) (i32.shl (local.get $c) (i32.const 2))))
            (local.set $t (i32.const 0))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_u (local.get $t) (local.get $k)))
                (local.set $b0 (v128.load offset=0 (local.get $pw)))
                (local.set $b1 (v128.load offset=16 (local.get $pw)))
                (local.set $a (v128.load32_splat (local.get $p0)))
                (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
                (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
                (local.set $a (v128.load32_splat (i32.add (local.get $p0) (local.get $xs))))
                (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
                (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
                (local.set $a (v128.load32_splat (i32.add (local.get $p0) (i32.shl (local.get $xs) (i32.const 1)))))
                (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
                (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
                (local.set $a (v128.load32_splat (i32.add (local.get $p0) (i32.mul (local.get $xs) (i32.const 3)))))
                (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
                (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
                (local.set $p0 (i32.add (local.get $p0) (i32.const 4)))
                (local.set $pw (i32.add (local.get $pw) (local.get $ws)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $kLoop)))
            (if (local.get $relu)
              (then
                (local.set $c00 (f32x4.max (local.get $c00) (local.get $zero)))
                (local.set $c01 (f32x4.max (local.get $c01) (local.get $zero)))
                (local.set $c10 (f32x4.max (local.get $c10) (local.get $zero)))
                (local.set $c11 (f32x4.max (local.get $c11) (local.get $zero)))
                (local.set $c20 (f32x4.max (local.get $c20) (local.get $zero)))
                (local.set $c21 (f32x4.max (local.get $c21) (local.get $zero)))
                (local.set $c30 (f32x4.max (local.get $c30) (local.get $zero)))
                (local.set $c31 (f32x4.max (local.get $c31) (local.get $zero)))))
            (local.set $out (i32.add (i32.add (local.get $z) (i32.mul (local.get $r) (local.get $zs)))
              (i32.shl (local.get $c) (i32.const 2))))
            (v128.store offset=0 (local.get $out) (local.get $c00))
            (v128.store offset=16 (local.get $out) (local.get $c01))
            (local.set $out (i32.add (local.get $out) (local.get $zs)))
            (v128.store offset=0 (local.get $out) (local.get $c10))
            (v128.store offset=16 (local.get $out) (local.get $c11))
            (local.set $out (i32.add (local.get $out) (local.get $zs)))
            (v128.store offset=0 (local.get $out) (local.get $c20))
            (v128.store offset=16 (local.get $out) (local.get $c21))
            (local.set $out (i32.add (local.get $out) (local.get $zs)))
            (v128.store offset=0 (local.get $out) (local.get $c30))
            (v128.store offset=16 (local.get $out) (local.get $c31))
            (local.set $c (i32.add (local.get $c) (i32.const 8)))
            (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rows))))

  ;; Before backward: with relu ≠ 0, dz[r, c] = 0 where h[r, c] (forward's ReLU output) is not
  ;; above 0, making dL/dh the layer's dL/dz; then db = Σ_r dz[r, :] in row order (the bias's
  ;; gradient). dz and h are n × width.
  (func (export "prepare") (param $dz i32) (param $h i32) (param $n i32) (param $width i32) (param $relu i32)
        (param $db i32)
    (local $r i32) (local $c i32) (local $pd i32) (local $ph i32) (local $pb i32) (local $end i32) (local $v v128)
    (memory.fill (local.get $db) (i32.const 0) (i32.shl (local.get $width) (i32.const 2)))
    (local.set $pd (local.get $dz))
    (local.set $ph (local.get $h))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $pb (local.get $db))
        (local.set $end (i32.add (local.get $db) (i32.shl (local.get $width) (i32.const 2))))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $pb) (local.get $end)))
            (local.set $v (v128.load (local.get $pd)))
            (if (local.get $relu)
              (then
                (local.set $v (v128.and (local.get $v)
                  (f32x4.gt (v128.load (local.get $ph)) (v128.const i32x4 0 0 0 0))))
                (v128.store (local.get $pd) (local.get $v))))
            (v128.store (local.get $pb) (f32x4.add (v128.load (local.get $pb)) (local.get $v)))
            (local.set $pd (i32.add (local.get $pd) (i32.const 16)))
            (local.set $ph (i32.add (local.get $ph) (i32.const 16)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
            (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; dW = xᵀ·dz: dW[j, :] (+)= Σ_{r < n} x[r, j]·dz[r, :] for j < count (a multiple of 4); x's rows
  ;; are kp floats. With x and dW moved on by j0 columns and rows, threads can each take a range
  ;; of j and give the same bits as one call.
  (func (export "backward") (param $x i32) (param $n i32) (param $kp i32) (param $count i32) (param $dz i32)
        (param $width i32) (param $dw i32) (param $accumulate i32)
    (local $j i32) (local $c i32) (local $r i32) (local $xs i32) (local $ws i32)
    (local $px i32) (local $pd i32) (local $out i32)
    (local $d0 v128) (local $d1 v128) (local $a v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $xs (i32.shl (local.get $kp) (i32.const 2)))
    (local.set $ws (i32.shl (local.get $width) (i32.const 2)))
    (block $jDone
      (loop $jLoop
        (br_if $jDone (i32.ge_u (local.get $j) (local.get $count)))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $width)))
            (local.set $out (i32.add (i32.add (local.get $dw) (i32.mul (local.get $j) (local.get $ws)))
              (i32.shl (local.get $c) (i32.const 2))))
            (if (local.get $accumulate)
              (then
                (local.set $c00 (v128.load offset=0 (local.get $out)))
                (local.set $c01 (v128.load offset=16 (local.get $out)))
                (local.set $c10 (v128.load offset=0 (i32.add (local.get $out) (local.get $ws))))
                (local.set $c11 (v128.load offset=16 (i32.add (local.get $out) (local.get $ws))))
                (local.set $c20 (v128.load offset=0 (i32.add (local.get $out) (i32.shl (local.get $ws) (i32.const 1)))))
                (local.set $c21 (v128.load offset=16 (i32.add (local.get $out) (i32.shl (local.get $ws) (i32.const 1)))))
                (local.set $c30 (v128.load offset=0 (i32.add (local.get $out) (i32.mul (local.get $ws) (i32.const 3)))))
                (local.set $c31 (v128.load offset=16 (i32.add (local.get $out) (i32.mul (local.get $ws) (i32.const 3))))))
              (else
                (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
                (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
                (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
                (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))))
            (local.set $px (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $pd (i32.add (local.get $dz) (i32.shl (local.get $c) (i32.const 2))))
            (local.set $r (i32.const 0))
            (block $rDone
              (loop $rLoop
                (br_if $rDone (i32.ge_u (local.get $r) (local.get $n)))
                (local.set $d0 (v128.load offset=0 (local.get $pd)))
                (local.set $d1 (v128.load offset=16 (local.get $pd)))
                (local.set $a (v128.load32_splat offset=0 (local.get $px)))
                (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $d0))))
                (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $d1))))
                (local.set $a (v128.load32_splat offset=4 (local.get $px)))
                (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $d0))))
                (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $d1))))
                (local.set $a (v128.load32_splat offset=8 (local.get $px)))
                (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $d0))))
                (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $d1))))
                (local.set $a (v128.load32_splat offset=12 (local.get $px)))
                (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $d0))))
                (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $d1))))
                (local.set $px (i32.add (local.get $px) (local.get $xs)))
                (local.set $pd (i32.add (local.get $pd) (local.get $ws)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rLoop)))
            (v128.store offset=0 (local.get $out) (local.get $c00))
            (v128.store offset=16 (local.get $out) (local.get $c01))
            (local.set $out (i32.add (local.get $out) (local.get $ws)))
            (v128.store offset=0 (local.get $out) (local.get $c10))
            (v128.store offset=16 (local.get $out) (local.get $c11))
            (local.set $out (i32.add (local.get $out) (local.get $ws)))
            (v128.store offset=0 (local.get $out) (local.get $c20))
            (v128.store offset=16 (local.get $out) (local.get $c21))
            (local.set $out (i32.add (local.get $out) (local.get $ws)))
            (v128.store offset=0 (local.get $out) (local.get $c30))
            (v128.store offset=16 (local.get $out) (local.get $c31))
            (local.set $c (i32.add (local.get $c) (i32.const 8)))
            (br $cols)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $jLoop))))
)
