/**
 * zod/mini schemas of every attribution input. The public input types are inferred from
 * these schemas so the validation and the types cannot drift apart.
 */
import * as z from 'zod/mini'

const channelName = z
  .string('a channel name must be a string')
  .check(z.minLength(1, 'a channel name must not be empty'))

const nonNegative = (what: string) =>
  z.number(`${what} must be a finite number`).check(z.gte(0, `${what} must be >= 0`))

const unitInterval = (what: string) =>
  z.number(`${what} must be a finite number`).check(z.gte(0, `${what} must be >= 0`), z.lte(1, `${what} must be <= 1`))

const channelUniverse = z.optional(z.readonly(z.array(channelName)))

/**
 * One aggregated journey, the input shape of the ChannelAttribution package: the ordered
 * channels of a path, how many journeys on it converted (`conversions`), their total
 * conversion value (`value`, default 0) and how many did not convert (`nulls`, default 0).
 * A path with `conversions: 0` must have `value` 0.
 */
export const aggregatedPathSchema = z
  .strictObject({
    path: z
      .readonly(z.array(channelName, 'path must be an array of channel names'))
      .check(z.minLength(1, 'a path needs at least one channel')),
    conversions: nonNegative('conversions'),
    value: z.optional(nonNegative('value')),
    nulls: z.optional(nonNegative('nulls')),
  })
  .check(
    z.refine((row) => row.conversions > 0 || (row.value ?? 0) === 0, {
      message: 'value must be 0 when conversions is 0',
      path: ['value'],
    }),
  )

/** One aggregated journey (see {@link aggregatedPathSchema}). */
export type AggregatedPath = z.input<typeof aggregatedPathSchema>

/** `channels`: channels to report even if no path mentions them (zero rows). */
const pathModelBase = { channels: channelUniverse }

/**
 * The parameters of each model, as schema fields. The models' own option schemas below and
 * the report options of `t.attribution.report` are built from these, so a parameter is
 * defined (and typed, and checked) once.
 */
export const modelParameterFields = {
  lastNonDirect: { directChannel: z.optional(channelName) },
  markov: {
    /** Channels per state, 1–4 (default 1). */
    order: z.optional(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])),
    /** Build the chain from converting journeys only (P(conversion) is then 1). Default false. */
    ignoreNulls: z.optional(z.boolean()),
    /**
     * `auto` (default): dense LU for order 1 up to 499 channels, Gauss-Seidel otherwise;
     * `dense` (order 1, up to 2,999 channels) or `iterative` to force one.
     */
    solver: z.optional(z.enum(['auto', 'dense', 'iterative'])),
    /** Gauss-Seidel stops once its error bound is below this (default 1e-17: run to the floating-point fixed point). */
    tolerance: z.optional(z.number().check(z.gt(0, 'tolerance must be > 0'), z.lte(1e-6, 'tolerance must be <= 1e-6'))),
    /** Gauss-Seidel sweeps before giving up with an UnsupportedError (default 100,000). */
    maxIterations: z.optional(z.int().check(z.gte(1, 'maxIterations must be >= 1'))),
  },
  shapley: { variant: z.optional(z.enum(['conversions', 'conversionRate'])) },
  timeDecay: { halfLifeDays: z.optional(z.number().check(z.gt(0, 'halfLifeDays must be > 0'))) },
  positionBased: { first: z.optional(unitInterval('first')), last: z.optional(unitInterval('last')) },
  wShaped: {
    first: z.optional(z.number().check(z.gt(0, 'first must be > 0'))),
    lead: z.optional(nonNegative('lead')),
    opportunity: z.optional(nonNegative('opportunity')),
    rest: z.optional(nonNegative('rest')),
  },
  fullPath: {
    first: z.optional(z.number().check(z.gt(0, 'first must be > 0'))),
    lead: z.optional(nonNegative('lead')),
    opportunity: z.optional(nonNegative('opportunity')),
    close: z.optional(nonNegative('close')),
    rest: z.optional(nonNegative('rest')),
  },
  custom: { weights: z.custom<CustomWeights>((v) => typeof v === 'function', 'weights must be a function') },
} as const

/** The check of the position-based model: first and last together take at most everything. */
export const firstPlusLastAtMostOne = z.refine<{ first?: number | undefined; last?: number | undefined }>(
  (o) => (o.first ?? 0.4) + (o.last ?? 0.4) <= 1 + 1e-12,
  {
    message: 'first + last must be <= 1 (the middle touches share the rest)',
    path: ['last'],
  },
)

/** Options of {@link attribute}: the model and its parameters. */
export const pathAttributionOptionsSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('first'), ...pathModelBase }),
  z.strictObject({ model: z.literal('last'), ...pathModelBase }),
  z.strictObject({ model: z.literal('lastNonDirect'), ...modelParameterFields.lastNonDirect, ...pathModelBase }),
  z.strictObject({ model: z.literal('linear'), ...pathModelBase }),
  z.strictObject({ model: z.literal('linearUnique'), ...pathModelBase }),
  z.strictObject({
    model: z.literal('markov'),
    ...modelParameterFields.markov,
    /** Return the transition matrix's entries in `transitionMatrix.entries`. */
    includeTransitions: z.optional(z.boolean()),
    ...pathModelBase,
  }),
  z.strictObject({ model: z.literal('shapley'), ...modelParameterFields.shapley, ...pathModelBase }),
])

/** Options of {@link attribute} (see {@link pathAttributionOptionsSchema}). */
export type PathAttributionOptions = z.input<typeof pathAttributionOptionsSchema>

/** A point in time: a `Date`, an ISO-8601 string or epoch milliseconds. */
const timestamp = z.union(
  [
    z.date('invalid date'),
    z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'not a parsable ISO-8601 timestamp')),
    z.number('a timestamp must be a finite number of epoch milliseconds'),
  ],
  'a timestamp must be a Date, an ISO-8601 string or epoch milliseconds',
)

/** One marketing touch of a journey. */
export const touchpointSchema = z.strictObject({
  channel: channelName,
  at: timestamp,
  campaign: z.optional(z.string()),
  source: z.optional(z.string()),
  medium: z.optional(z.string()),
  content: z.optional(z.string()),
  term: z.optional(z.string()),
  /**
   * Marks the touch that created the lead or the opportunity: the W-shaped and full-path
   * models give these milestone touches their own share. At most one of each per journey.
   * To name the instant instead of the touch, use the journey's `milestones`.
   */
  milestone: z.optional(z.enum(['lead', 'opportunity'])),
})

/** A funnel milestone a touch can hold in the W-shaped and full-path models. */
export type Milestone = 'lead' | 'opportunity'
/** Every milestone, in role order. */
export const MILESTONES: readonly Milestone[] = ['lead', 'opportunity']

/** One marketing touch of a journey (see {@link touchpointSchema}). */
export type Touchpoint = z.input<typeof touchpointSchema>

const journeyObject = z.strictObject({
  touchpoints: z.readonly(z.array(touchpointSchema)),
  conversion: z.strictObject({ at: timestamp, value: nonNegative('conversion value') }),
  /**
   * When the lead and the opportunity were created (as a CRM records them). The milestone
   * touch is then the latest touch in the window at or before that instant (a touch may
   * hold both), the way CRMs define lead- and opportunity-creation touches. Alternative to
   * marking a touch with `milestone`; a role may be given one way only.
   */
  milestones: z.optional(z.strictObject({ lead: z.optional(timestamp), opportunity: z.optional(timestamp) })),
})
type JourneyObject = z.output<typeof journeyObject>

/** Each milestone is held by at most one touch, and named either by a mark or by an instant. */
const milestoneChecks = MILESTONES.flatMap((role) => [
  z.refine<JourneyObject>(
    (j) => j.touchpoints.filter((t) => t.milestone === role).length <= 1,
    `at most one touchpoint per journey may be the ${role} milestone`,
  ),
  z.refine<JourneyObject>(
    (j) => j.milestones?.[role] === undefined || !j.touchpoints.some((t) => t.milestone === role),
    {
      message: `the ${role} milestone is given twice: as a marked touch and in milestones`,
      path: ['milestones', role],
    },
  ),
])

/** One converting journey: its touches (any order; they are sorted by time) and the conversion. */
export const journeySchema = journeyObject.check(...milestoneChecks)

/** One converting journey (see {@link journeySchema}). */
export type Journey = z.input<typeof journeySchema>

/**
 * What a `custom` weights function sees of one touch inside the lookback window: the touch
 * itself plus its time in epoch ms, its age at conversion in days and its position.
 */
export interface WindowedTouch {
  readonly channel: string
  readonly at: number
  readonly daysBeforeConversion: number
  /** 0-based position among the windowed touches, oldest first. */
  readonly index: number
  readonly campaign: string | undefined
  readonly source: string | undefined
  readonly medium: string | undefined
  readonly content: string | undefined
  readonly term: string | undefined
  /** The milestones this touch holds (from a `milestone` mark or the journey's `milestones`). */
  readonly milestones: readonly Milestone[]
}

/**
 * A custom model: returns one non-negative weight per windowed touch (oldest first). The
 * weights are normalised, so only their ratios matter; they must not all be zero.
 */
export type CustomWeights = (
  touches: readonly WindowedTouch[],
  conversion: { readonly at: number; readonly value: number },
) => readonly number[]

const journeyModelBase = {
  /** Touches older than this many days before the conversion drop out. Default 90; `null` = no window. */
  lookbackDays: z.optional(
    z.nullable(z.number('lookbackDays must be a number').check(z.gt(0, 'lookbackDays must be > 0'))),
  ),
  channels: channelUniverse,
}

/** Options of {@link attributeJourneys}: the model and its parameters. */
export const journeyAttributionOptionsSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('first'), ...journeyModelBase }),
  z.strictObject({ model: z.literal('last'), ...journeyModelBase }),
  z.strictObject({ model: z.literal('lastNonDirect'), ...modelParameterFields.lastNonDirect, ...journeyModelBase }),
  z.strictObject({ model: z.literal('linear'), ...journeyModelBase }),
  z.strictObject({ model: z.literal('linearUnique'), ...journeyModelBase }),
  z.strictObject({ model: z.literal('timeDecay'), ...modelParameterFields.timeDecay, ...journeyModelBase }),
  z
    .strictObject({ model: z.literal('positionBased'), ...modelParameterFields.positionBased, ...journeyModelBase })
    .check(firstPlusLastAtMostOne),
  z.strictObject({ model: z.literal('wShaped'), ...modelParameterFields.wShaped, ...journeyModelBase }),
  z.strictObject({ model: z.literal('fullPath'), ...modelParameterFields.fullPath, ...journeyModelBase }),
  z.strictObject({ model: z.literal('custom'), ...modelParameterFields.custom, ...journeyModelBase }),
])

/** Options of {@link attributeJourneys} (see {@link journeyAttributionOptionsSchema}). */
export type JourneyAttributionOptions = z.input<typeof journeyAttributionOptionsSchema>
