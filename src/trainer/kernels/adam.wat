;; One Adam step over a float32 tensor, four lanes at a time:
;;   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  w ← w − stepSize·m / (√(v·invC2) + ε)
;; with stepSize = lr / (1 − β1^t) and invC2 = 1 / (1 − β2^t) computed by the caller. This is
;; tfjs' Adam in one pass instead of ~10 kernels, each reading and writing the whole tensor
;; (src/trainer/fused-adam.ts uses it for the large weight tensors).
;; Addresses are byte offsets into this module's memory; n must be a multiple of 4 (the caller
;; pads the buffers).
;;
;; `adamObserved` also measures the update for the training dynamics
;; (src/trainer/dynamics/measure.ts) in the same pass: Σ g², Σ (w_new − w_old)² and Σ w_new²,
;; each square and sum in float64, so a 100,000-element tensor's sum keeps float32's precision.
;;
;; Compiled by scripts/compile-kernels.mjs into adam.wasm.ts (a test checks they agree).
(module
  ;; Imported so that several kernels can share one memory (src/trainer/wasm-mlp.ts); exported
  ;; back for the callers that made it for this instance alone.
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))

  (func (export "adam") (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
        (param $stepSize f32) (param $beta1 f32) (param $beta2 f32) (param $eps f32) (param $invC2 f32)
    (local $at i32) (local $end i32)
    (local $b1 v128) (local $ob1 v128) (local $b2 v128) (local $ob2 v128) (local $step v128)
    (local $e v128) (local $ic2 v128)
    (local $gi v128) (local $mi v128) (local $vi v128) (local $tiny v128)
    (local.set $tiny (f32x4.splat (f32.const 0x1p-126)))
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $ob1 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta1))))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $ob2 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta2))))
    (local.set $step (f32x4.splat (local.get $stepSize)))
    (local.set $e (f32x4.splat (local.get $eps)))
    (local.set $ic2 (f32x4.splat (local.get $invC2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $at (i32.const 0))
    (block $done
      (loop $lanes
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $gi (v128.load (i32.add (local.get $g) (local.get $at))))
        (local.set $mi (f32x4.add (f32x4.mul (local.get $b1) (v128.load (i32.add (local.get $m) (local.get $at))))
                                  (f32x4.mul (local.get $ob1) (local.get $gi))))
        (local.set $vi (f32x4.add (f32x4.mul (local.get $b2) (v128.load (i32.add (local.get $v) (local.get $at))))
                                  (f32x4.mul (local.get $ob2) (f32x4.mul (local.get $gi) (local.get $gi)))))
        ;; Moments below the smallest normal float are flushed to 0. A moment that stops being fed
        ;; (a dead unit's weights, a pixel rarely lit) decays by β1 or β2 each step into the
        ;; subnormal range, where x86 arithmetic is ~100 × slower and WebAssembly cannot turn on
        ;; flush-to-zero as TensorFlow does: on inverted MNIST, batch 128, the step slowed from
        ;; 58k to 29k samples/s over four epochs. Such a moment moves its weight by < 1e-30 · lr.
        (local.set $mi (v128.andnot (local.get $mi) (f32x4.lt (f32x4.abs (local.get $mi)) (local.get $tiny))))
        (local.set $vi (v128.andnot (local.get $vi) (f32x4.lt (local.get $vi) (local.get $tiny))))
        (v128.store (i32.add (local.get $m) (local.get $at)) (local.get $mi))
        (v128.store (i32.add (local.get $v) (local.get $at)) (local.get $vi))
        (v128.store (i32.add (local.get $w) (local.get $at))
          (f32x4.sub (v128.load (i32.add (local.get $w) (local.get $at)))
            (f32x4.div (f32x4.mul (local.get $step) (local.get $mi))
                       (f32x4.add (f32x4.sqrt (f32x4.mul (local.get $vi) (local.get $ic2))) (local.get $e)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $lanes))))

;; acc + the squares of x's four lanes, as two float64 pairs (so a 100,000-element sum keeps
  ;; float32's precision).
  (func $addSquares (param $acc v128) (param $x v128) (result v128)
    (local $lo v128) (local $hi v128)
    (local.set $lo (f64x2.promote_low_f32x4 (local.get $x)))
    (local.set $hi (f64x2.promote_low_f32x4
      (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
    (f64x2.add (local.get $acc)
      (f64x2.add (f64x2.mul (local.get $lo) (local.get $lo)) (f64x2.mul (local.get $hi) (local.get $hi)))))

  ;; out[0..3) (f64) = the lane sums of the three accumulators.
  (func $storeSums (param $out i32) (param $sg v128) (param $sd v128) (param $sw v128)
    (f64.store (local.get $out)
      (f64.add (f64x2.extract_lane 0 (local.get $sg)) (f64x2.extract_lane 1 (local.get $sg))))
    (f64.store offset=8 (local.get $out)
      (f64.add (f64x2.extract_lane 0 (local.get $sd)) (f64x2.extract_lane 1 (local.get $sd))))
    (f64.store offset=16 (local.get $out)
      (f64.add (f64x2.extract_lane 0 (local.get $sw)) (f64x2.extract_lane 1 (local.get $sw)))))

  ;; adam, and the update's sums of squares (as `sums` computes them) in the same pass: a
  ;; measured step neither copies the weights first nor reads them all again after.
  (func (export "adamObserved") (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
        (param $stepSize f32) (param $beta1 f32) (param $beta2 f32) (param $eps f32) (param $invC2 f32) (param $out i32)
    (local $at i32) (local $end i32)
    (local $b1 v128) (local $ob1 v128) (local $b2 v128) (local $ob2 v128) (local $step v128)
    (local $e v128) (local $ic2 v128)
    (local $gi v128) (local $mi v128) (local $vi v128) (local $tiny v128)
    (local $wo v128) (local $wn v128) (local $sg v128) (local $sd v128) (local $sw v128)
    (local.set $tiny (f32x4.splat (f32.const 0x1p-126)))
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $ob1 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta1))))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $ob2 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta2))))
    (local.set $step (f32x4.splat (local.get $stepSize)))
    (local.set $e (f32x4.splat (local.get $eps)))
    (local.set $ic2 (f32x4.splat (local.get $invC2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $at (i32.const 0))
    (block $done
      (loop $lanes
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $gi (v128.load (i32.add (local.get $g) (local.get $at))))
        (local.set $mi (f32x4.add (f32x4.mul (local.get $b1) (v128.load (i32.add (local.get $m) (local.get $at))))
                                  (f32x4.mul (local.get $ob1) (local.get $gi))))
        (local.set $vi (f32x4.add (f32x4.mul (local.get $b2) (v128.load (i32.add (local.get $v) (local.get $at))))
                                  (f32x4.mul (local.get $ob2) (f32x4.mul (local.get $gi) (local.get $gi)))))
        ;; Moments below the smallest normal float are flushed to 0. A moment that stops being fed
        ;; (a dead unit's weights, a pixel rarely lit) decays by β1 or β2 each step into the
        ;; subnormal range, where x86 arithmetic is ~100 × slower and WebAssembly cannot turn on
        ;; flush-to-zero as TensorFlow does: on inverted MNIST, batch 128, the step slowed from
        ;; 58k to 29k samples/s over four epochs. Such a moment moves its weight by < 1e-30 · lr.
        (local.set $mi (v128.andnot (local.get $mi) (f32x4.lt (f32x4.abs (local.get $mi)) (local.get $tiny))))
        (local.set $vi (v128.andnot (local.get $vi) (f32x4.lt (local.get $vi) (local.get $tiny))))
        (v128.store (i32.add (local.get $m) (local.get $at)) (local.get $mi))
        (v128.store (i32.add (local.get $v) (local.get $at)) (local.get $vi))
        (local.set $wo (v128.load (i32.add (local.get $w) (local.get $at))))
        (local.set $wn (f32x4.sub (local.get $wo)
          (f32x4.div (f32x4.mul (local.get $step) (local.get $mi))
                     (f32x4.add (f32x4.sqrt (f32x4.mul (local.get $vi) (local.get $ic2))) (local.get $e)))))
        (v128.store (i32.add (local.get $w) (local.get $at)) (local.get $wn))
        (local.set $sg (call $addSquares (local.get $sg) (local.get $gi)))
        (local.set $sd (call $addSquares (local.get $sd) (f32x4.sub (local.get $wn) (local.get $wo))))
        (local.set $sw (call $addSquares (local.get $sw) (local.get $wn)))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $lanes)))
    (call $storeSums (local.get $out) (local.get $sg) (local.get $sd) (local.get $sw)))

)
