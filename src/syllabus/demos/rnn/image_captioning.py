"""Demo: image captioning of synthetic scenes, CNN encoder + LSTM decoder."""

from __future__ import annotations

from collections import Counter

import numpy as np

from syllabus import nn, optim
from syllabus.autograd import manual_seed
from syllabus.demos import register
from syllabus.models import CaptionNet

WORDS = ["<end>", "red", "green", "blue", "square", "circle", "triangle", "above", "left-of"]
COLORS = {"red": (0.9, 0.1, 0.1), "green": (0.1, 0.8, 0.2), "blue": (0.15, 0.3, 0.95)}
SHAPES = ("square", "circle", "triangle")
SIZE = 16


def _draw_shape(img, shape, color, top, left, size=6):
    r, c = np.mgrid[0:size, 0:size] + 0.5
    if shape == "square":
        inside = np.ones((size, size), dtype=bool)
    elif shape == "circle":
        inside = (r - size / 2) ** 2 + (c - size / 2) ** 2 <= (size / 2) ** 2
    else:  # an upward triangle
        inside = np.abs(c - size / 2) <= r / 2
    img[:, top:top + size, left:left + size][:, inside] = np.asarray(color)[:, None]


def _scenes(rng, n):
    """Images (n, 3, 16, 16) of two coloured shapes and their captions (n, 6)."""
    images = rng.normal(0, 0.05, (n, 3, SIZE, SIZE))
    captions = np.zeros((n, 6), dtype=np.int64)
    for i in range(n):
        (c1, c2), (s1, s2) = rng.choice(list(COLORS), 2), rng.choice(SHAPES, 2)
        relation = rng.choice(["above", "left-of"])
        a, b = rng.integers(0, 3, 2), rng.integers(0, 3, 2)  # jitter inside each half
        if relation == "above":  # (row, column) of each shape's top-left corner
            pos1, pos2 = (a[0], 5 + a[1]), (8 + b[0], 5 + b[1])
        else:
            pos1, pos2 = (5 + a[0], a[1]), (5 + b[0], 8 + b[1])
        _draw_shape(images[i], s1, COLORS[c1], *pos1)
        _draw_shape(images[i], s2, COLORS[c2], *pos2)
        captions[i] = [WORDS.index(w) for w in (c1, s1, relation, c2, s2)] + [0]
    return images.astype(np.float32), captions


def _words(tokens):
    out = []
    for t in tokens:
        if t == 0:
            break
        out.append(WORDS[t])
    return out


def _bleu1(candidate, reference):
    """BLEU-1: clipped unigram precision times the brevity penalty."""
    if not candidate:
        return 0.0
    ref = Counter(reference)
    matched = sum(min(k, ref[w]) for w, k in Counter(candidate).items())
    bp = 1.0 if len(candidate) >= len(reference) else np.exp(1 - len(reference) / len(candidate))
    return bp * matched / len(candidate)


@register("image_captioning", topic="rnn", order=6,
          title="Image captioning: a CNN encoder feeding an LSTM decoder")
def image_captioning(ctx):
    r"""The lecture's captioning network on scenes generated in code: two coloured shapes,
    one above or left of the other, captioned "red square above blue circle". A small CNN
    whose classification layers are removed turns the image into a feature vector; a new
    linear layer maps it to the word-embedding space and it is the LSTM's first input,
    $x_0 = W_{img}\,\mathrm{CNN}(I)$; then each word is fed in turn and the LSTM predicts the
    next, trained by the cross-entropy of every word:
    $$ p(w_1, \dots, w_T \mid I) = \prod_t p(w_t \mid I, w_1, \dots, w_{t-1}). $$
    Captions of held-out scenes are decoded greedily (arg-max word) and by beam search
    (keep the 3 most probable partial captions), and scored by exact match and BLEU-1.

    What to notice: the network names colours, shapes and the spatial relation of scenes
    it has never seen; beam search never finds a less probable caption than greedy."""
    manual_seed(ctx.seed)  # the layers' default initialisation draws from the global generator
    rng = ctx.rng
    n_train, steps = (1500, 300) if ctx.fast else (4000, 1000)
    train_x, train_y = _scenes(rng, n_train)
    test_x, test_y = _scenes(rng, 300)
    net = CaptionNet(len(WORDS), 3, SIZE, embedding_dim=16, hidden_size=48)
    opt = optim.Adam(net.parameters(), lr=0.01)
    batches = np.random.default_rng(ctx.seed)
    losses = []
    for _ in range(steps):
        idx = batches.integers(0, n_train, 32)
        opt.zero_grad()
        loss = net.loss(train_x[idx], train_y[idx])
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        opt.step()
        losses.append(float(loss.data))

    greedy = net.greedy(test_x, 6, end=0)
    refs = [_words(c) for c in test_y]
    hyps = [_words(g) for g in greedy]
    exact = float(np.mean([h == r for h, r in zip(hyps, refs)]))
    bleu = float(np.mean([_bleu1(h, r) for h, r in zip(hyps, refs)]))
    beams = net.beam_search(test_x[:8], 6, end=0, beam_size=3)
    ctx.number("held-out scenes: exact-match rate (greedy)", round(exact, 3))
    ctx.number("held-out scenes: BLEU-1 (greedy)", round(bleu, 3))
    ctx.number("final training loss (nats per word)", round(float(np.mean(losses[-20:])), 4))
    exact_min, bleu_min = (0.02, 0.6) if ctx.fast else (0.1, 0.7)
    ctx.check(f"BLEU-1 on held-out scenes above {bleu_min}", bleu > bleu_min, detail=f"{bleu:.3f}")
    ctx.check(f"exact caption on more than {exact_min:.0%} of held-out scenes (chance: 1/324)",
              exact > exact_min, detail=f"{exact:.3f}")

    from syllabus.nn import functional as F

    def logprob(i, tokens):
        lp = F.log_softmax(net(test_x[i:i + 1], np.array([tokens])), dim=-1).data[0]
        return float(lp[np.arange(len(tokens)), tokens].sum())

    gaps = []
    for i in range(8):
        g = list(greedy[i, :list(greedy[i]).index(0) + 1]) if 0 in greedy[i] else list(greedy[i])
        gaps.append(logprob(i, beams[i]) - logprob(i, g))
    ctx.check("beam search's caption is at least as probable as greedy's on every shown scene",
              min(gaps) >= -1e-5, detail=f"smallest log-probability gain {min(gaps):.2e}")

    fig, axes = ctx.figure("captions", 2, 4, figsize=(11, 6))
    for i, ax in enumerate(axes.ravel()):
        ax.imshow(np.clip(test_x[i].transpose(1, 2, 0), 0, 1), interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        text = " ".join(_words(beams[i]))
        ok = _words(beams[i]) == refs[i]
        ax.set_title(text.replace(" above", "\nabove").replace(" left-of", "\nleft-of"),
                     fontsize=8, color="#000000" if ok else "#D55E00")
    fig.suptitle("beam-search captions of held-out scenes (orange: differs from the truth)", fontsize=10)
    fig2, ax2 = ctx.figure("loss")
    ax2.semilogy(losses, color="#0072B2")
    ax2.set_xlabel("Adam step (batch 32)")
    ax2.set_ylabel("cross-entropy per word (nats)")
    ax2.set_title("training the captioner", fontsize=10)
