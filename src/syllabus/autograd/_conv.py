"""Layer-level Functions for images: conv2d, max/avg pooling.

Convolution is im2col + one matrix product, done over the batch in chunks of a few samples so
that the unfolded windows (``cols``, (C kh kw, B, H' width)) stay in the CPU cache: a chunk is
unfolded by a compiled loop, multiplied by the (O, C kh kw) weight matrix in one GEMM and
scattered back into the (N, O, H', W') output. The backward pass unfolds the chunk again (the
input is saved, not its 25x larger unfolding) for ``dW += g cols^T`` and folds ``W^T g`` back
onto the input gradient. With stride 1 every kernel offset reads one contiguous run of the
flattened padded image (``width`` = the padded width: each output row carries a few junk
columns that are dropped on the way out). The transposed convolution is the same machinery
run backwards. Max pooling is a compiled loop over the windows (unrolled for the usual 2x2
windows of stride 2); average pooling sums the few kernel offsets, each a strided slice of the
padded input. Shapes: input (N, C, H, W), weight (O, C / groups, kh, kw), output (N, O, H', W').

Threads: the chunks (and the pooling loops' pieces of the batch) are independent, so they are
shared out among as many threads as NumPy's BLAS may use at the time of the call: the user's
one setting (``threadpoolctl.threadpool_limits``, ``OPENBLAS_NUM_THREADS``...) governs both.
Each thread runs its chunks with OpenBLAS limited to one thread, which beats splitting each
small product over the threads; the threads take the next chunk when done (a thread slowed
down by a busy machine takes fewer), the calling thread is one of them, and when the call
returns the pool's other threads are blocked on its queue: nothing spins between calls
(``utils._blas_threads.run_in_threads``). A chunk is one compiled call (``_forward_chunk``,
``_backward_chunk``: unfold, product, scatter) that holds no GIL, its products calling NumPy's
own OpenBLAS from inside (``utils._gemm``); with another BLAS, NumPy multiplies between the
compiled steps, the threads then passing the GIL to each other a few times per chunk (30%
slower on two threads).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..utils import _gemm
from ..utils._blas_threads import blas_num_threads, run_in_threads
from ..utils._gemm import gemm
from ._tensor import Function


def pool_output_size(size: int, kernel: int, stride: int, pad: int, dilation: int,
                     ceil_mode: bool) -> int:
    """PyTorch's output length of a convolution or pooling along one axis."""
    span = size + 2 * pad - dilation * (kernel - 1) - 1
    out = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad:  # the last window must start inside
        out -= 1
    return out


def _offsets(kernel, stride, dilation, out_hw):
    """For each kernel offset (i, j): the strided slices of the padded input it reads."""
    (kh, kw), (sh, sw), (dh, dw), (h_out, w_out) = kernel, stride, dilation, out_hw
    for i in range(kh):
        for j in range(kw):
            yield i, j, (slice(i * dh, i * dh + sh * (h_out - 1) + 1, sh),
                         slice(j * dw, j * dw + sw * (w_out - 1) + 1, sw))


def window_sum(xp: np.ndarray, kernel, stride, dilation, out_hw) -> np.ndarray:
    """Sum of each window of the padded (N, C, Hp, Wp) input: (N, C, H', W')."""
    total = None
    for _, _, (rows, cols) in _offsets(kernel, stride, dilation, out_hw):
        part = xp[:, :, rows, cols]
        total = part.copy() if total is None else np.add(total, part, out=total)
    return total


def _pad(x: np.ndarray, pads, value: float = 0.0) -> np.ndarray:
    (top, bottom), (left, right) = pads
    if top == bottom == left == right == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=value)


def _crop(grad: np.ndarray, pads, shape) -> np.ndarray:
    (top, _), (left, _) = pads
    return grad[:, :, top:top + shape[2], left:left + shape[3]]


_CHUNK = 1 << 17  # numbers in the unfolded windows of one chunk of samples: about the L2 cache


def _width(padded_w: int, out_w: int, stride) -> int:
    """Columns per output row in the im2col layout: the padded width for stride 1 (the "wide"
    layout, whose last ``padded_w - out_w`` columns of each row are junk), else ``out_w``."""
    return padded_w if stride == (1, 1) else out_w


@njit(cache=True, nogil=True)
def _unfold(xf, b0, kernel, stride, dilation, wp, ho, width, cols):
    """im2col of samples ``b0 .. b0 + B`` of the flattened padded input ``xf`` (N, C, Hp Wp):
    ``cols[c, i, j, b, h width + w] = xf[b0 + b, c, (s h + d i) Wp + s w + d j]``, zero past
    the end of the image (only junk columns of the wide layout reach there)."""
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    n_ch, chunk, run = xf.shape[1], cols.shape[3], cols.shape[4]
    wide = sh == 1 and sw == 1  # then width == wp: each offset reads one contiguous run
    for c in range(n_ch):
        for i in range(kh):
            for j in range(kw):
                for b in range(chunk):
                    src, dst = xf[b0 + b, c], cols[c, i, j, b]
                    if wide:
                        start = dh * i * wp + dw * j
                        part = src[start:start + run]  # views and 0-based indices vectorise
                        for q in range(part.size):
                            dst[q] = part[q]
                        for q in range(part.size, run):
                            dst[q] = 0
                        continue
                    for h in range(ho):
                        row = src[(sh * h + dh * i) * wp + dw * j:]
                        for w in range(width):
                            dst[h * width + w] = row[sw * w]
    return cols


@njit(cache=True, nogil=True)
def _fold(cols, b0, kernel, stride, dilation, wp, ho, width, xf):
    """The adjoint of :func:`_unfold`: each column added back onto its window of ``xf``.
    Junk columns of the wide layout must hold zeros."""
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    n_ch, chunk, run = xf.shape[1], cols.shape[3], cols.shape[4]
    wide = sh == 1 and sw == 1
    for b in range(chunk):
        for c in range(n_ch):
            dst = xf[b0 + b, c]
            for i in range(kh):
                for j in range(kw):
                    src = cols[c, i, j, b]
                    if wide:
                        start = dh * i * wp + dw * j
                        part = dst[start:start + run]
                        for q in range(part.size):
                            part[q] += src[q]
                        continue
                    for h in range(ho):
                        row = dst[(sh * h + dh * i) * wp + dw * j:]
                        for w in range(width):
                            row[sw * w] += src[h * width + w]
    return xf


@njit(cache=True, nogil=True)
def _to_images(y2, b0, width, bias, out):
    """(O, B, H' width) products -> ``out[b0 + b, o]`` (N, O, H', W'), junk columns dropped,
    plus the bias (an empty array for none)."""
    n_out, chunk = y2.shape[0], y2.shape[1]
    ho, wo = out.shape[2], out.shape[3]
    for b in range(chunk):
        for o in range(n_out):
            shift = bias[o] if bias.size else 0
            for h in range(ho):
                for w in range(wo):
                    out[b0 + b, o, h, w] = y2[o, b, h * width + w] + shift
    return out


@njit(cache=True, nogil=True)
def _from_images(g, b0, width, g2):
    """The adjoint of :func:`_to_images`: ``g[b0 + b]`` (N, O, H', W') -> (O, B, H' width),
    zeros in the junk columns."""
    n_out, chunk = g2.shape[0], g2.shape[1]
    ho, wo = g.shape[2], g.shape[3]
    for o in range(n_out):
        for b in range(chunk):
            for h in range(ho):
                for w in range(width):
                    g2[o, b, h * width + w] = g[b0 + b, o, h, w] if w < wo else 0
    return g2


@njit(cache=True, nogil=True)
def _forward_chunk(xf, b0, kernel, stride, dilation, wp, ho, width, w2, groups, bias, cols,
                   y2, out):
    """One chunk of the convolution as one compiled call: unfold, ``y = W cols`` for each
    group (``w2`` is (O, C / groups kh kw)), scatter into ``out`` with the bias."""
    _unfold(xf, b0, kernel, stride, dilation, wp, ho, width, cols)
    (n_out, rows), outs = w2.shape, w2.shape[0] // groups
    c2, y = cols.reshape(groups * rows, -1), y2.reshape(n_out, -1)
    for grp in range(groups):
        gemm(w2[grp * outs:(grp + 1) * outs], c2[grp * rows:(grp + 1) * rows],
             y[grp * outs:(grp + 1) * outs], False, False, 0.0)
    _to_images(y2, b0, width, bias, out)


@njit(cache=True, nogil=True)
def _backward_chunk(g, b0, xf, kernel, stride, dilation, wp, ho, width, w2, groups, need_w,
                    need_x, g2, cols, gwt, gcols, gxf):
    """One chunk of the convolution's backward pass as one compiled call: ``dW^T += cols g^T``
    (if ``need_w``) and ``W^T g`` folded back onto ``gxf`` (if ``need_x``), group by group."""
    _from_images(g, b0, width, g2)
    (n_out, rows), outs = w2.shape, w2.shape[0] // groups
    g_mat = g2.reshape(n_out, -1)
    if need_w:
        _unfold(xf, b0, kernel, stride, dilation, wp, ho, width, cols)
        c2 = cols.reshape(groups * rows, -1)
        for grp in range(groups):
            gemm(c2[grp * rows:(grp + 1) * rows], g_mat[grp * outs:(grp + 1) * outs],
                 gwt[grp * rows:(grp + 1) * rows], False, True, 1.0)
    if need_x:
        gc = gcols.reshape(groups * rows, -1)
        for grp in range(groups):
            gemm(w2[grp * outs:(grp + 1) * outs], g_mat[grp * outs:(grp + 1) * outs],
                 gc[grp * rows:(grp + 1) * rows], True, False, 0.0)
        _fold(gcols, b0, kernel, stride, dilation, wp, ho, width, gxf)


class _Geometry:
    """Everything about one convolution that does not depend on the values: the padded,
    flattened layout, the output size, the im2col width and the chunk of samples."""

    def __init__(self, x_shape, weight_shape, pads, stride, dilation, groups):
        (top, bottom), (left, right) = pads
        n, c, h, w = x_shape
        self.x_shape, self.pads, self.groups = tuple(x_shape), pads, groups
        self.kernel = tuple(int(k) for k in weight_shape[2:])
        self.stride, self.dilation = tuple(stride), tuple(dilation)
        self.hp, self.wp = h + top + bottom, w + left + right
        self.out_hw = tuple((p - d * (k - 1) - 1) // s + 1 for p, k, s, d in
                            zip((self.hp, self.wp), self.kernel, self.stride, self.dilation))
        self.width = _width(self.wp, self.out_hw[1], self.stride)
        self.rows = c * self.kernel[0] * self.kernel[1]  # K = C kh kw
        self.run = self.out_hw[0] * self.width  # columns per sample in the im2col layout
        self.chunk = int(min(n, max(1, _CHUNK // (self.rows * self.out_hw[0] * self.width))))

    def flat(self, x: np.ndarray) -> np.ndarray:
        """The zero-padded input as (N, C, Hp Wp)."""
        n, c = x.shape[:2]
        return np.ascontiguousarray(_pad(x, self.pads)).reshape(n, c, self.hp * self.wp)

    def chunks(self):
        """``(b0, size)`` of each chunk of samples."""
        return _pieces(self.x_shape[0], self.chunk)

    @property
    def loop_args(self) -> tuple:
        """The arguments :func:`_unfold` and :func:`_fold` take after ``(array, b0)``."""
        return self.kernel, self.stride, self.dilation, self.wp, self.out_hw[0], self.width

    def crop(self, xf):
        """(N, C, Hp Wp) -> (N, C, H, W)."""
        n, c = xf.shape[:2]
        return _crop(xf.reshape(n, c, self.hp, self.wp), self.pads, self.x_shape)


def _pieces(n: int, step: int) -> list[tuple[int, int]]:
    """``(start, size)`` of the consecutive pieces of ``step`` samples of a batch of ``n``."""
    return [(b0, min(step, n - b0)) for b0 in range(0, n, step)]


def _in_threads(body, pieces: list) -> list:
    """``body(shared)`` in as many threads as NumPy's BLAS may use (at most one per piece),
    ``shared`` an iterator over ``pieces`` that the threads drain together; the bodies'
    results. A piece is a few samples: every thread runs its pieces' compiled (``nogil``)
    loops and single-threaded products side by side, see ``utils._blas_threads``."""
    shared = iter(pieces)
    return run_in_threads(lambda: body(shared), min(blas_num_threads(), len(pieces)))


def _matrix(a: np.ndarray) -> np.ndarray:
    """A chunk's buffer, (C, kh, kw, B, H' width) or (O, B, H' width), as the matrix
    (C kh kw, B H' width) or (O, B H' width)."""
    return a.reshape(-1, a.shape[-2] * a.shape[-1])


def _blocks(groups: int, a: np.ndarray) -> list[np.ndarray]:
    """The ``groups`` row blocks of the 2-D matrix ``a``."""
    return np.split(a, groups, axis=0) if groups > 1 else [a]


def _compiled_products(dtype) -> bool:
    """Whether the chunks' products run inside the compiled chunk loops (``utils._gemm``:
    NumPy's own OpenBLAS, float32 or float64); else NumPy multiplies between them."""
    return _gemm.AVAILABLE and dtype in (np.float32, np.float64)


def _conv(x, weight, bias, geo: _Geometry) -> np.ndarray:
    """The convolution (N, C, H, W) -> (N, O, H', W'): per chunk ``y = W cols + b``."""
    n_out = weight.shape[0]
    out = np.empty((x.shape[0], n_out, *geo.out_hw), dtype=x.dtype)
    w2 = np.ascontiguousarray(weight.reshape(n_out, -1), dtype=x.dtype)
    bias = np.zeros(0, x.dtype) if bias is None else bias.astype(x.dtype, copy=False)
    xf, compiled = geo.flat(x), _compiled_products(x.dtype)

    def body(chunks):
        cols = y2 = None
        for b0, size in chunks:
            if cols is None or cols.shape[3] != size:
                cols = np.empty((x.shape[1], *geo.kernel, size, geo.run), dtype=x.dtype)
                y2 = np.empty((n_out, size, geo.run), dtype=x.dtype)
            if compiled:
                _forward_chunk(xf, b0, *geo.loop_args, w2, geo.groups, bias, cols, y2, out)
                continue
            _unfold(xf, b0, *geo.loop_args, cols)
            for w, c, y in zip(_blocks(geo.groups, w2), _blocks(geo.groups, _matrix(cols)),
                               _blocks(geo.groups, _matrix(y2))):
                np.matmul(w, c, out=y)
            _to_images(y2, b0, geo.width, bias, out)

    _in_threads(body, geo.chunks())
    return out


def _conv_grads(g, weight, geo: _Geometry, x=None, need_x=True):
    """Gradients of :func:`_conv` from the output gradient ``g`` (N, O, H', W'): with respect
    to the input (``W^T g`` folded back, if ``need_x``) and to the weight (``g cols^T``, if
    the input ``x`` is given). The input gradient is also the transposed convolution."""
    n_out, (n, c), dtype = weight.shape[0], geo.x_shape[:2], g.dtype
    w2 = np.ascontiguousarray(weight.reshape(n_out, -1), dtype=dtype)
    need_w, compiled = x is not None, _compiled_products(dtype)
    xf = geo.flat(x.astype(dtype, copy=False)) if need_w else np.empty((0, 0, 0), dtype)
    gxf = np.zeros((n, c, geo.hp * geo.wp), dtype=dtype) if need_x else np.empty((0, 0, 0), dtype)

    def body(chunks):  # -> this thread's sum of cols g^T over its chunks
        # dW^T (C kh kw, O / groups) = cols g^T: OpenBLAS is faster with the long side as rows
        gwt = np.zeros((geo.rows, n_out // geo.groups) if need_w else (0, 0), dtype=dtype)
        g2 = None
        for b0, size in chunks:
            if g2 is None or g2.shape[1] != size:
                g2 = np.empty((n_out, size, geo.run), dtype=dtype)
                cols = np.empty((c, *geo.kernel, size, geo.run), dtype=dtype)  # also W^T g
                gcols = np.empty_like(cols) if need_w and need_x else cols
            if compiled:
                _backward_chunk(g, b0, xf, *geo.loop_args, w2, geo.groups, need_w, need_x, g2,
                                cols, gwt, gcols, gxf)
                continue
            g_blocks = _blocks(geo.groups, _matrix(_from_images(g, b0, geo.width, g2)))
            if need_w:
                _unfold(xf, b0, *geo.loop_args, cols)
                for acc, gb, cb in zip(_blocks(geo.groups, gwt), g_blocks,
                                       _blocks(geo.groups, _matrix(cols))):
                    acc += cb @ gb.T
            if need_x:
                for w, gb, part in zip(_blocks(geo.groups, w2), g_blocks,
                                       _blocks(geo.groups, _matrix(gcols))):
                    np.matmul(w.T, gb, out=part)
                _fold(gcols, b0, *geo.loop_args, gxf)
        return gwt

    partial_gwt = _in_threads(body, geo.chunks())
    gx = geo.crop(gxf) if need_x else None
    if not need_w:
        return gx, None
    gwt = partial_gwt[0]
    for more in partial_gwt[1:]:
        gwt += more
    gw = np.concatenate(_blocks(geo.groups, gwt), axis=1).T if geo.groups > 1 else gwt.T
    return gx, np.ascontiguousarray(gw).reshape(weight.shape)


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias=None, stride=(1, 1), pads=((0, 0), (0, 0)),
                dilation=(1, 1), groups=1):
        # y[n, o] = sum_{c, i, j} w[o, c, i, j] x_pad[n, c, s h + d i, s w + d j] + b[o]
        x = x.astype(np.result_type(x, weight), copy=False)
        geo = _Geometry(x.shape, weight.shape, pads, stride, dilation, groups)
        ctx.save_for_backward(x, weight)
        ctx.geo = geo
        return _conv(x, weight, bias, geo)

    @staticmethod
    def backward(ctx, g):  # dW = g cols^T,  dcols = W^T g (folded back onto x),  db = sum g
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gx, gw = _conv_grads(g, weight, ctx.geo, x if need_w else None, need_x)
        gb = g.sum(axis=(0, 2, 3)) if need_b else None
        return gx, gw, gb


class ConvTranspose2d(Function):
    """The transposed convolution: the input gradient of the convolution that maps its output
    back to its input (weight (C_in, C_out / groups, kh, kw), as PyTorch)."""

    @staticmethod
    def forward(ctx, x, weight, bias=None, stride=(1, 1), pads=((0, 0), (0, 0)),
                dilation=(1, 1), groups=1, out_hw=None):
        # y = conv2d^T(x): every input pixel adds w[c, o] * x[n, c, h, w] onto its output window
        x = x.astype(np.result_type(x, weight), copy=False)
        y_shape = (x.shape[0], weight.shape[1] * groups, *out_hw)
        geo = _Geometry(y_shape, weight.shape, pads, stride, dilation, groups)
        y, _ = _conv_grads(x, weight, geo)
        if bias is not None:
            y += bias.reshape(1, -1, 1, 1)
        ctx.save_for_backward(weight, x)
        ctx.geo = geo
        return y

    @staticmethod
    def backward(ctx, g):  # dx = conv2d(g, W),  dW = x cols(g)^T,  db = sum g
        weight, x = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gx = _conv(g, weight, None, ctx.geo) if need_x else None
        gw = _conv_grads(x, weight, ctx.geo, g, need_x=False)[1] if need_w else None
        gb = g.sum(axis=(0, 2, 3)) if need_b else None
        return gx, gw, gb


@njit(cache=True, nogil=True)
def _max_pool(x, kernel, stride, pads, dilation, y, arg):
    """``y`` = the maximum of each window of ``x`` (N, C, H, W) padded with -inf, ``arg`` = the
    kernel offset ``i kw + j`` of its first maximum (PyTorch's rule: a later value wins if it
    is larger or NaN)."""
    (kh, kw), (sh, sw), (pt, pl), (dh, dw) = kernel, stride, pads, dilation
    n, c, height, width = x.shape
    ho, wo = y.shape[2], y.shape[3]
    for b in range(n):
        for ch in range(c):
            plane = x[b, ch]
            for h in range(ho):
                for w in range(wo):
                    best, where = -np.inf, -1
                    for i in range(kh):
                        r = sh * h + dh * i - pt
                        if r < 0 or r >= height:
                            continue
                        for j in range(kw):
                            col = sw * w + dw * j - pl
                            if col < 0 or col >= width:
                                continue
                            v = plane[r, col]
                            if where < 0 or v > best or v != v:
                                best, where = v, i * kw + j
                    y[b, ch, h, w] = best
                    arg[b, ch, h, w] = where
    return y


@njit(cache=True, nogil=True)
def _max_pool_2x2(x, x_bits, y_bits, arg):
    """:func:`_max_pool` for the common 2x2 windows of stride 2 inside the image, unrolled.

    The maximum's position is random, so a branch per comparison is mispredicted half the
    time (LLVM turns float selects into branches on some CPUs: 4x slower). Here the float
    comparisons only make masks, and the masks pick the result's bits (``x_bits`` and
    ``y_bits`` are integer views of ``x`` and ``y``) and its position without a branch.
    ``best`` follows the selected value for the next comparisons: ``max`` keeps a NaN
    ``best`` (``v > nan`` is false) and a NaN ``v`` replaces it, PyTorch's rule.
    """
    for b in range(y_bits.shape[0]):
        for ch in range(y_bits.shape[1]):
            for h in range(y_bits.shape[2]):
                top, bottom = x[b, ch, 2 * h], x[b, ch, 2 * h + 1]
                top_bits, bottom_bits = x_bits[b, ch, 2 * h], x_bits[b, ch, 2 * h + 1]
                y_row, arg_row = y_bits[b, ch, h], arg[b, ch, h]
                for w in range(y_bits.shape[3]):
                    best, bits, where = top[2 * w], top_bits[2 * w], 0
                    for k, (v, v_bits) in enumerate(((top[2 * w + 1], top_bits[2 * w + 1]),
                                                     (bottom[2 * w], bottom_bits[2 * w]),
                                                     (bottom[2 * w + 1], bottom_bits[2 * w + 1]))):
                        take = -np.intp((v > best) | (v != v))  # all ones or zero
                        bits = (v_bits & take) | (bits & ~take)
                        where = ((k + 1) & take) | (where & ~take)
                        best = max(best, v) if v == v else v
                    y_row[w], arg_row[w] = bits, where
    return y_bits


@njit(cache=True, nogil=True)
def _max_pool_grad(g, arg, kernel, stride, pads, dilation, gx):
    """``gx`` += ``g`` at each window's maximum (summed where windows overlap)."""
    (kh, kw), (sh, sw), (pt, pl), (dh, dw) = kernel, stride, pads, dilation
    n, c, ho, wo = g.shape
    width = gx.shape[3]
    shift = np.empty(kh * kw, np.int64)  # offset i kw + j -> its place in the flat plane
    for i in range(kh):
        for j in range(kw):
            shift[i * kw + j] = dh * i * width + dw * j
    for b in range(n):
        for ch in range(c):
            plane, g_plane, arg_plane = gx[b, ch].reshape(-1), g[b, ch], arg[b, ch]
            for h in range(ho):
                start = (sh * h - pt) * width - pl
                for w in range(wo):
                    plane[start + sw * w + shift[arg_plane[h, w]]] += g_plane[h, w]
    return gx


def _pool_step(n: int) -> int:
    """Samples per piece of a pooling pass: the whole batch on one thread, else about four
    pieces per thread (a thread slowed down by the machine takes fewer of them)."""
    return -(-n // (4 * blas_num_threads()))


class MaxPool2d(Function):
    @staticmethod
    def forward(ctx, x, kernel, stride, pads, dilation, out_hw, return_indices=False):
        # y = max over each window (-inf padding); arg = offset of its first maximum
        shape = (*x.shape[:2], *out_hw)
        before = (pads[0][0], pads[1][0])
        y, arg = np.empty(shape, dtype=x.dtype), np.empty(shape, dtype=np.int32)
        unrolled = (kernel == stride == (2, 2) and before == (0, 0) and dilation == (1, 1)
                    and 2 * out_hw[0] <= x.shape[2] and 2 * out_hw[1] <= x.shape[3])
        if unrolled:
            x = np.ascontiguousarray(x)
            bits_type = np.dtype(f"i{x.dtype.itemsize}")
            x_bits, y_bits = x.view(bits_type), y.view(bits_type)

        def body(pieces):
            for b0, size in pieces:
                part = slice(b0, b0 + size)
                if unrolled:
                    _max_pool_2x2(x[part], x_bits[part], y_bits[part], arg[part])
                else:
                    _max_pool(x[part], kernel, stride, before, dilation, y[part], arg[part])

        _in_threads(body, _pieces(x.shape[0], _pool_step(x.shape[0])))
        ctx.save_for_backward(arg)
        ctx.args = (x.shape, kernel, stride, before, dilation)
        if not return_indices:
            return y
        # flat indices into each input plane, as PyTorch's return_indices
        di, dj = np.divmod(arg.astype(np.int64), kernel[1])
        rows = np.arange(out_hw[0])[:, None] * stride[0] + di * dilation[0] - before[0]
        cols = np.arange(out_hw[1])[None, :] * stride[1] + dj * dilation[1] - before[1]
        return y, rows * x.shape[3] + cols

    @staticmethod
    def backward(ctx, g, _=None):  # dx = g at each window's first maximum (summed where windows overlap)
        (arg,) = ctx.saved_tensors
        x_shape, kernel, stride, before, dilation = ctx.args
        gx = np.zeros(x_shape, dtype=g.dtype)
        g = np.ascontiguousarray(g)

        def body(pieces):
            for b0, size in pieces:
                part = slice(b0, b0 + size)
                _max_pool_grad(g[part], arg[part], kernel, stride, before, dilation, gx[part])

        _in_threads(body, _pieces(g.shape[0], _pool_step(g.shape[0])))
        return gx


class AvgPool2d(Function):
    @staticmethod
    def forward(ctx, x, kernel, stride, pads, out_hw, divisor):
        # y = sum over each window / divisor (zero padding)
        ctx.args = (x.shape, kernel, stride, pads, out_hw, divisor)
        xp = _pad(x, pads)
        ctx.padded_shape = xp.shape
        return window_sum(xp, kernel, stride, (1, 1), out_hw) / divisor

    @staticmethod
    def backward(ctx, g):  # dx = g / divisor, spread over each window
        x_shape, kernel, stride, pads, out_hw, divisor = ctx.args
        share = g / divisor
        grad = np.zeros(ctx.padded_shape, dtype=share.dtype)
        for _, _, (rows, cols) in _offsets(kernel, stride, (1, 1), out_hw):
            grad[:, :, rows, cols] += share
        return _crop(grad, pads, x_shape)

