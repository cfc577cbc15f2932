;; The small pieces of a Dense MLP's step that sit between the products of the other kernels
;; (sparse-input.wat, dense-input.wat) when the whole step runs on one memory
;; (src/trainer/wasm-mlp.ts):
;;   biasAct:   z[r, :] += bias, then max(·, 0) when relu ≠ 0, for n rows of `width` floats
;;              (after the sparse first layer, whose product has no bias of its own)
;;   transpose: dst (cols × rows) = srcᵀ for src rows × cols, so dz·Wᵀ can run on the forward
;;              product of dense-input.wat
;;   gatherRows: dst row i (k bytes) = src row refs[i], for a batch's pixels from the dataset's
;;              images held in this memory (one bulk copy a row, no call from JS per row)
;; `width` must be a multiple of 4; addresses are byte offsets, 16-byte aligned for v128.
;;
;; Compiled by scripts/compile-kernels.mjs into mlp.wasm.ts (a test checks they agree).
(module
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))

  (func (export "biasAct") (param $z i32) (param $n i32) (param $width i32) (param $bias i32) (param $relu i32)
    (local $p i32) (local $end i32) (local $pb i32) (local $rowEnd i32) (local $v v128)
    (local.set $p (local.get $z))
    (local.set $end (i32.add (local.get $z) (i32.shl (i32.mul (local.get $n) (local.get $width)) (i32.const 2))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $pb (local.get $bias))
        (local.set $rowEnd (i32.add (local.get $p) (i32.shl (local.get $width) (i32.const 2))))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $p) (local.get $rowEnd)))
            (local.set $v (f32x4.add (v128.load (local.get $p)) (v128.load (local.get $pb))))
            (if (local.get $relu)
              (then (local.set $v (f32x4.max (local.get $v) (v128.const i32x4 0 0 0 0)))))
            (v128.store (local.get $p) (local.get $v))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
            (br $cols)))
        (br $rows))))

  (func (export "transpose") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $r i32) (local $c i32) (local $from i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $from (local.get $src))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
            (f32.store
              (i32.add (local.get $dst)
                (i32.add (i32.mul (local.get $c) (local.get $rowBytes)) (i32.shl (local.get $r) (i32.const 2))))
              (f32.load (local.get $from)))
            (local.set $from (i32.add (local.get $from) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $colLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  (func (export "gatherRows") (param $src i32) (param $refs i32) (param $n i32) (param $k i32) (param $dst i32)
    (local $i i32)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (memory.copy
          (i32.add (local.get $dst) (i32.mul (local.get $i) (local.get $k)))
          (i32.add (local.get $src) (i32.mul (i32.load (i32.add (local.get $refs) (i32.shl (local.get $i) (i32.const 2)))) (local.get $k)))
          (local.get $k))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
)
