"""The domain: task forces, members, cycles, answers, scores and plans."""
