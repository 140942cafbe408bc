/**
 * Python definitions the classification kinds of "Copy as code" share (code-classifier.ts,
 * code-logit-scores.ts, code-temperature-scaling.ts, code-ece-noise-floor.ts, code-ece-bootstrap.ts):
 * the lab's ECE with its binning, the scores of a classifier's logits, and the lab's seeded
 * uniform generator. Each is a `defines` entry, so a script writes it once however many runs use it.
 */

/** The lab's expected calibration error (the core's metrics.calibration). */
export const ECE_PYTHON = [
  'def expected_calibration_error(confidence, correct, bins):',
  '    """The lab\'s ECE: bin b of `bins` equal bins holds the confidences in (b/bins, (b+1)/bins]',
  '    (a confidence of 0 goes to the first bin); the ECE is the gap |accuracy - mean confidence|',
  '    of each bin, weighted by the share of points in it. Libraries differ only in which bin a',
  '    confidence exactly on an edge falls into (sklearn.calibration.calibration_curve, torchmetrics)."""',
  '    confidence, correct = np.asarray(confidence, dtype=float), np.asarray(correct, dtype=float)',
  '    index = np.clip(np.ceil(confidence * bins).astype(int) - 1, 0, bins - 1)',
  '    ece = 0.0',
  '    for b in range(bins):',
  '        in_bin = index == b',
  '        if in_bin.any():',
  '            ece += in_bin.sum() / len(confidence) * abs(correct[in_bin].mean() - confidence[in_bin].mean())',
  '    return ece',
].join('\n');

/** Accuracy, confidence, ECE, cross-entropy and logit size of logits against labels. */
export const SCORES_PYTHON = [
  'def classifier_scores(logits, labels, bins):',
  '    """What a classifier\'s logits (n x K) say about labels (n): the top class and its probability',
  '    (the confidence), whether it is the label, the accuracy, the mean confidence, the ECE, the',
  '    plain cross-entropy (no smoothing) and the mean length of the logits less their row mean."""',
  '    with torch.no_grad():',
  '        probabilities = torch.softmax(logits, dim=1)',
  '        predicted = probabilities.argmax(dim=1)  # the first of equal maxima, as the lab',
  '        confidence = probabilities.gather(1, predicted[:, None])[:, 0].numpy()',
  '        correct = (predicted == labels).double().numpy()',
  '        centred = logits - logits.mean(dim=1, keepdim=True)  # softmax ignores a common shift',
  '        return {',
  '            "confidence": confidence,',
  '            "correct": correct,',
  '            "accuracy": correct.mean(),',
  '            "mean confidence": confidence.mean(),',
  '            "ece": expected_calibration_error(confidence, correct, bins),',
  '            "cross entropy": torch.nn.functional.cross_entropy(logits, labels).item(),',
  '            "mean logit norm": centred.norm(dim=1).mean().item(),',
  '        }',
].join('\n');

/** The lab's seeded generator (web/lessons/shared/random.ts, mulberry32), vectorised. */
export const UNIFORM_PYTHON = [
  'def lab_uniform(seed, count):',
  '    """The first `count` numbers in [0, 1) of the lab\'s seeded generator (mulberry32), so the',
  '    script draws exactly the lab\'s random numbers. Its n-th number depends only on seed + n * C,',
  '    so all of them are computed at once in 32-bit unsigned arithmetic (which wraps, as in the lab)."""',
  '    a = (np.uint64(seed) + np.arange(1, count + 1, dtype=np.uint64) * np.uint64(0x6D2B79F5)) % np.uint64(2**32)',
  '    t = a.astype(np.uint32)',
  '    t = (t ^ (t >> np.uint32(15))) * (t | np.uint32(1))',
  '    t = t ^ (t + (t ^ (t >> np.uint32(7))) * (t | np.uint32(61)))',
  '    return (t ^ (t >> np.uint32(14))).astype(np.float64) / 4294967296.0',
].join('\n');

/** numpy's default (linear) quantile, which the lab's percentiles use too. */
export const PERCENTILE_NOTE = '# Percentiles interpolate linearly between sorted values: numpy\'s default, as the lab.';
