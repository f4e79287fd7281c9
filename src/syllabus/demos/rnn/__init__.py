"""Demos of the recurrent-networks lecture: language models, BPTT, LSTM, captioning, attention."""
