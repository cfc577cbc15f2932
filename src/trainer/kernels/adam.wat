;; One Adam step over a float32 tensor, four lanes at a time:
;;   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  w ← w − stepSize·m / (√(v·invC2) + ε)
;; with stepSize = lr / (1 − β1^t) and invC2 = 1 / (1 − β2^t) computed by the caller. This is
;; tfjs' Adam in one pass instead of ~10 kernels, each reading and writing the whole tensor
;; (src/trainer/fused-adam.ts uses it for the large weight tensors).
;; Addresses are byte offsets into this module's memory; n must be a multiple of 4 (the caller
;; pads the buffers).
;;
;; Compiled by scripts/compile-kernels.mjs into adam.wasm.ts (a test checks they agree).
(module
  (memory (export "memory") 1)

  (func (export "adam") (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
        (param $stepSize f32) (param $beta1 f32) (param $beta2 f32) (param $eps f32) (param $invC2 f32)
    (local $at i32) (local $end i32)
    (local $b1 v128) (local $ob1 v128) (local $b2 v128) (local $ob2 v128) (local $step v128)
    (local $e v128) (local $ic2 v128)
    (local $gi v128) (local $mi v128) (local $vi v128)
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
        (v128.store (i32.add (local.get $m) (local.get $at)) (local.get $mi))
        (v128.store (i32.add (local.get $v) (local.get $at)) (local.get $vi))
        (v128.store (i32.add (local.get $w) (local.get $at))
          (f32x4.sub (v128.load (i32.add (local.get $w) (local.get $at)))
            (f32x4.div (f32x4.mul (local.get $step) (local.get $mi))
                       (f32x4.add (f32x4.sqrt (f32x4.mul (local.get $vi) (local.get $ic2))) (local.get $e)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $lanes))))
)
