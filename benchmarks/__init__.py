"""Side-by-side benchmarks of syllabus against scikit-learn, PyTorch and NumPy (`make bench`)."""
