// "Copy as code" kept honest for the contrastive lesson: the generated PyTorch script re-draws the
// data, views, batches and negatives with the lab's generator (written out in Python), trains the
// encoder with InfoNCE and must print the loss history, alignment, uniformity, probe accuracy and
// the display batch's numbers the page shows, to 1e-4 relative (tests/web/support/copy-harness.ts).
import training from '../../web/lessons/contrastive/figures/training';
import { params } from '../../web/lessons/contrastive/params';
import { covers, useCopyHarness } from './support/copy-harness';

useCopyHarness();

covers('contrastive', training, params, { trainFrame: 0 }, [
  { name: 'defaults (τ = 0.1, N = 32, K = 31 random negatives), the last frame', overrides: { trainFrame: 1e9 } },
  { name: 'hard negatives, K = 8, τ = 0.3, seed 4, anchor 5, frame 7', overrides: { hard: true, negatives: 8, tau: 0.3, seed: 4, anchor: 5, trainFrame: 7 } },
  { name: 'positives only (collapse), N = 16, augmentation 0.6, the last frame', overrides: { positives: true, batch: 16, augmentation: 0.6, trainFrame: 1e9 } },
]);
