/**
 * Lead conversion model: a logistic regression (IRLS, as R's glm) of "did this contact
 * convert?" on contact attributes and activity counts, with a seeded holdout backtest.
 */
import type { Contact, FilterNode, TenantCrm } from '@crmkit/core'
import { auc } from '../evaluation/roc.js'
import { createRandom } from '../internal/random.js'
import { integerIn, invalid, numberIn } from '../internal/validate.js'
import { type LogisticRegressionModel, logisticRegression } from '../regression/logistic-regression.js'
import type { FitWarning } from '../regression/shared.js'
import { allContacts, allDeals } from './data.js'
import { activityCounts, contactFeatures } from './features.js'

/** Options of {@link leadConversionModel}. */
export interface LeadConversionModelOptions {
  /** Contact attributes: `custom.<key>` number or boolean custom fields. Default none. */
  readonly attributes?: readonly string[]
  /**
   * Activity types counted as features (`activities.<type>` each). Default: every type any
   * contact has. Pass `[]` for none.
   */
  readonly activityTypes?: readonly string[]
  /** Which contacts to score and train on (contact filter). Default all live contacts. */
  readonly where?: FilterNode<'contact'>
  /**
   * The label. Default: the contact is linked to a won deal. Pass a function for another
   * conversion (e.g. `(c) => c.lifecycleStage === 'customer'`).
   */
  readonly label?: (contact: Contact, context: { readonly wonDealContactIds: ReadonlySet<string> }) => boolean
  /** Share of contacts held out for the backtest, in (0, 1). Default 0.3. */
  readonly holdout?: number
  /** Seed of the holdout split: the same seed gives the same split. Default 1. */
  readonly seed?: number
}

/** One coefficient of the model: the log-odds change per unit of the feature. */
export interface LeadConversionCoefficient {
  /** `(intercept)` or the feature name. */
  readonly feature: string
  readonly estimate: number
  readonly standardError: number | null
  readonly pValue: number | null
  /** exp(estimate): the odds multiplier per unit. */
  readonly oddsRatio: number
}

/** Result of {@link leadConversionModel}. */
export interface LeadConversionModel {
  readonly features: string[]
  /** Fitted on all contacts; the explanation of the predictions. */
  readonly coefficients: LeadConversionCoefficient[]
  /** One per contact, in contact id order. */
  readonly predictions: Array<{ readonly contactId: string; readonly probability: number; readonly label: boolean }>
  /** The model fitted on the training split, scored on the held-out contacts. */
  readonly backtest: {
    readonly auc: number
    readonly trainSize: number
    readonly testSize: number
    readonly seed: number
  }
  /** Model fitted on all contacts. */
  readonly model: LogisticRegressionModel
  /** Fit warnings (separation, dropped collinear features...) of the final model. */
  readonly warnings: readonly FitWarning[]
}

function shuffle(n: number, seed: number): number[] {
  const random = createRandom(seed)
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const tmp = order[i] ?? 0
    order[i] = order[j] ?? 0
    order[j] = tmp
  }
  return order
}

const hasBoth = (labels: readonly number[]) => labels.includes(0) && labels.includes(1)

/**
 * Train a model of which leads convert and predict every contact's conversion probability.
 * (Predictive: rule-based lead scores are core's business; this is a fitted model.)
 *
 * @example
 * ```ts
 * const conversion = await leadConversionModel(t, { attributes: ['custom.employees'], activityTypes: ['email', 'meeting'] })
 * conversion.backtest.auc        // e.g. 0.83 on the 30 % holdout
 * conversion.coefficients        // [{ feature: '(intercept)', ... }, { feature: 'activities.meeting', oddsRatio: 2.1 }, ...]
 * conversion.predictions[0]           // { contactId, probability: 0.72, label: true }
 * ```
 * @throws ValidationError when there are no features, when a class is missing, or when the
 *   split leaves a class out of the training or holdout set (add contacts or change `holdout`/`seed`).
 */
export async function leadConversionModel(
  t: TenantCrm,
  options: LeadConversionModelOptions = {},
): Promise<LeadConversionModel> {
  const holdout = numberIn(options.holdout ?? 0.3, 0.01, 0.99, ['holdout'])
  const seed = integerIn(options.seed ?? 1, 0, 2 ** 32 - 1, ['seed'])
  const contacts = await allContacts(t, options.where)
  const counts = await activityCounts(t)
  const types = options.activityTypes ?? [...new Set([...counts.values()].flatMap((m) => [...m.keys()]))].sort()
  const names = [...(options.attributes ?? []), ...types.map((ty) => `activities.${ty}`)]
  if (names.length === 0)
    invalid(['attributes'], 'the lead conversion model needs at least one attribute or activity type')
  const { rows } = contactFeatures(contacts, names, counts, 'attributes')

  const wonDealContactIds = new Set<string>()
  for (const d of await allDeals(t, { field: 'status', op: 'eq', value: 'won' })) {
    for (const id of d.contactIds) wonDealContactIds.add(id)
  }
  const labelOf = options.label ?? ((c: Contact) => wonDealContactIds.has(c.id))
  const labels = contacts.map((c) => (labelOf(c, { wonDealContactIds }) ? 1 : 0))
  if (!hasBoth(labels)) invalid(['label'], 'the lead conversion model needs converted and unconverted contacts')

  const order = shuffle(contacts.length, seed)
  const testSize = Math.max(1, Math.round(contacts.length * holdout))
  const test = order.slice(0, testSize)
  const train = order.slice(testSize)
  const pick = <T>(xs: readonly T[], idx: readonly number[]) => idx.map((i) => xs[i] as T)
  if (!hasBoth(pick(labels, train)) || !hasBoth(pick(labels, test))) {
    invalid(
      ['holdout'],
      'the holdout split leaves a class out of the training or test set; add contacts or change holdout/seed',
    )
  }
  const fitOptions = { collinear: 'drop' } as const
  const trainModel = logisticRegression(pick(rows, train), pick(labels, train), fitOptions)
  const backtestAuc = auc(trainModel.predict(pick(rows, test)), pick(labels, test))

  const model = logisticRegression(rows, labels, fitOptions)
  const se = model.standardErrors
  const coefficients = model.coefficients.map((estimate, i) => ({
    feature: i === 0 ? '(intercept)' : (names[i - 1] ?? ''),
    estimate,
    standardError: se[i] ?? null,
    pValue: model.pValues[i] ?? null,
    oddsRatio: Math.exp(estimate),
  }))
  const probabilities = model.predict(rows)
  return {
    features: names,
    coefficients,
    predictions: contacts.map((c, i) => ({
      contactId: c.id,
      probability: probabilities[i] ?? 0,
      label: labels[i] === 1,
    })),
    backtest: { auc: backtestAuc, trainSize: train.length, testSize: test.length, seed },
    model,
    warnings: model.warnings,
  }
}
