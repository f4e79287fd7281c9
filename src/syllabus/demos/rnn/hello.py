"""Demo: the lecture's character-level language model on "hello"."""

from __future__ import annotations

import numpy as np

from syllabus import optim
from syllabus.autograd import no_grad
from syllabus.demos import register
from syllabus.models import CharRNN
from syllabus.nn import functional as F

VOCAB = "helo"


@register("rnn_hello", topic="rnn", order=1,
          title='Character-level language model: learning "hello"')
def rnn_hello(ctx):
    r"""The lecture's example: vocabulary [h, e, l, o], training sequence "hello". The RNN
    reads one-hot characters "h e l l" and at every step outputs a distribution over the
    next character, trained to put its mass on "e l l o":
    $$ s_t = \tanh(U x_t + W s_{t-1}), \qquad \hat y_t = \mathrm{softmax}(V s_t), \qquad
    E = -\sum_t \log \hat y_t[y_t]. $$
    The figure shows the four per-step output distributions before and during training
    (the slider moves through the iterations). At test time characters are generated one at
    a time and fed back as the next input.

    What to notice: after "l" the right answer is "l" the first time and "o" the second;
    only the hidden state (the memory of the characters already seen) can tell them apart,
    and the trained network gets both right."""
    ids = np.array([[VOCAB.index(c) for c in "hello"]])
    net = CharRNN(len(VOCAB), 8, cell="rnn", dtype=np.float64)
    net.rnn.reset_parameters()
    generator = np.random.default_rng(ctx.seed)
    for p in net.parameters():  # a seeded start
        p.data[...] = generator.uniform(-0.5, 0.5, p.shape)
    opt = optim.Adam(net.parameters(), lr=0.05)
    n_iter = 120 if ctx.fast else 300
    snapshots = {}
    keep = [0, 25, n_iter] if ctx.fast else [0, 10, 25, 50, 100, n_iter]
    losses = []
    for it in range(n_iter + 1):
        if it in keep:
            with no_grad():
                snapshots[it] = F.softmax(net(ids[:, :-1]), dim=-1).data[0]
        if it == n_iter:
            break
        opt.zero_grad()
        loss = net.loss(ids)
        loss.backward()
        opt.step()
        losses.append(float(loss.data))

    def draw(fig, ax, it):
        probs = snapshots[it]
        colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00"]
        width = 0.2
        for j, ch in enumerate(VOCAB):
            ax.bar(np.arange(4) + (j - 1.5) * width, probs[:, j], width, color=colors[j],
                   label=f'P("{ch}")')
        for t, target in enumerate("ello"):
            j = VOCAB.index(target)
            ax.plot(t + (j - 1.5) * width, probs[t, j] + 0.04, "kv", ms=5)
        ax.set_xticks(range(4), [f'input "{c}"\ntarget "{n}"' for c, n in zip("hell", "ello")])
        ax.set_ylim(0, 1.3)
        ax.set_ylabel("predicted probability of the next character")
        ax.set_title(f"output distributions after {it} iterations (v = target)", fontsize=10)
        ax.legend(fontsize=7, ncols=4, loc="upper center")

    ctx.frames("distributions", "iteration", keep, draw, animate=True, figsize=(7, 3.8))
    fig, ax = ctx.figure("loss")
    ax.semilogy(losses, color="#0072B2")
    ax.set_xlabel("iteration (Adam, lr 0.05)")
    ax.set_ylabel("cross-entropy per character (nats)")
    ax.set_title('training on "hello"')

    final = snapshots[n_iter]
    completion = VOCAB[int(net.sample([VOCAB.index(c) for c in "hell"], 1, temperature=0)[0])]
    generated = "h" + "".join(VOCAB[i] for i in net.sample([0], 4, temperature=0))
    ctx.number("final loss", round(losses[-1], 5))
    ctx.number('P(target) at each step, "hell" -> "ello"',
               np.round(final[np.arange(4), ids[0, 1:]], 4).tolist())
    ctx.number('completion of "hell"', completion)
    ctx.number('greedy generation from "h"', generated)
    ctx.check('the trained network completes "hell" with "o"', completion == "o",
              detail=f"completion {completion!r}")
    ctx.check('from "h", feeding back its arg-max characters, it generates "hello"',
              generated == "hello", detail=f"generated {generated!r}")
    first_l, second_l = final[2], final[3]
    ctx.check('the hidden state tells the two "l" apart: P("l") after the first "l", P("o") after the second, both > 0.9',
              first_l[VOCAB.index("l")] > 0.9 and second_l[VOCAB.index("o")] > 0.9,
              detail=f'{first_l[VOCAB.index("l")]:.3f}, {second_l[VOCAB.index("o")]:.3f}')
