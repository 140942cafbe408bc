// The "Copy as code" confirmation names the libraries the script computes with, read from its
// code lines (comments and the shared header do not count), for figures of three kinds.
import { describe, expect, it } from 'vitest';
import { libraries } from '../../web/ui/copy-code';
import { toPython } from '../../web/lessons/shared/code';
import regressionFits from '../../web/lessons/regression-losses/figures/fits';
import { params as regressionParams } from '../../web/lessons/regression-losses/params';
import geometry from '../../web/lessons/regularisation/figures/geometry';
import { params as regularisationParams } from '../../web/lessons/regularisation/params';
import conformal from '../../web/lessons/prediction-intervals/figures/conformal';
import { params as intervalParams } from '../../web/lessons/prediction-intervals/params';
import type { AnyFigure } from '../../web/lessons/framework/figure';
import type { ParamTable } from '../../web/state/params';
import { harnessEngine, specOf, useCopyHarness } from './support/copy-harness';

useCopyHarness();

describe('the libraries a copied script names', () => {
  it('reads them from code lines only', () => {
    expect(libraries('import torch\ntorch.set_default_dtype(torch.float64)\n# torch.nn.HuberLoss differs\nfrom sklearn.linear_model import Ridge\n')).toBe('scikit-learn');
    expect(libraries('import torch\ntorch.set_default_dtype(torch.float64)\nmodel = torch.nn.Linear(1, 1)\n')).toBe('PyTorch');
    expect(libraries('import torch\nfrom sklearn.linear_model import HuberRegressor\nloss = torch.nn.MSELoss()\n')).toBe('PyTorch and scikit-learn');
  });

  it('names what the fits, geometry and conformal figures really use', async () => {
    const name = async <S>(figure: AnyFigure<S>, table: ParamTable) =>
      libraries(toPython(await specOf(figure, table, { hovered: null }, {}), harnessEngine().losses).script);
    expect(await name(regressionFits, regressionParams)).toBe('PyTorch and scikit-learn');
    expect(await name(geometry, regularisationParams)).toBe('scikit-learn');
    expect(await name(conformal, intervalParams)).toBe('PyTorch and scikit-learn');
  }, 300_000);
});
