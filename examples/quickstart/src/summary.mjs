// Prints what a sales lead would want to see after seeding: pipeline, a segment, a timeline.

const money = (cents, currency) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(cents / 100)

/** Prints the pipeline by stage, a filtered contact list and one contact's timeline. */
export async function printSummary(t, { pipeline, contacts }, events) {
  const { items: deals } = await t.deals.list({
    where: { field: 'pipelineId', op: 'eq', value: pipeline.id },
    limit: 1000,
  })

  console.log(`\nPipeline "${pipeline.name}"`)
  console.log('  stage         prob  deals        value     weighted')
  let weightedTotal = 0
  for (const stage of pipeline.stages) {
    const inStage = deals.filter((d) => d.stageId === stage.id)
    const value = inStage.reduce((sum, d) => sum + d.amount.value, 0)
    const weighted = Math.round(value * stage.probability)
    if (stage.kind === 'open') weightedTotal += weighted
    // Closed stages are reported, but only open deals count towards the weighted pipeline.
    const shown = stage.kind === 'open' ? money(weighted, 'EUR') : `(${stage.kind})`
    console.log(
      `  ${stage.name.padEnd(12)} ${`${Math.round(stage.probability * 100)}%`.padStart(5)} ${String(inStage.length).padStart(6)} ${money(value, 'EUR').padStart(12)} ${shown.padStart(12)}`,
    )
  }
  console.log(`  weighted open pipeline: ${money(weightedTotal, 'EUR')}`)

  const where = {
    all: [
      { field: 'custom.plan', op: 'in', value: ['pro', 'enterprise'] },
      { not: { field: 'lifecycleStage', op: 'eq', value: 'customer' } },
    ],
  }
  const { items: prospects } = await t.contacts.list({ where, sort: { field: 'lastName', direction: 'asc' } })
  console.log('\nPaying-plan contacts who are not customers yet (custom.plan in [pro, enterprise], not customer):')
  for (const c of prospects) {
    console.log(
      `  ${`${c.firstName} ${c.lastName}`.padEnd(20)} ${c.email.padEnd(28)} ${c.lifecycleStage.padEnd(24)} ${c.custom.plan}`,
    )
  }

  const ada = contacts[0]
  const { items: timeline } = await t.activities.timeline({ contactId: ada.id, limit: 10 })
  console.log(`\nTimeline of ${ada.firstName} ${ada.lastName} (newest first):`)
  for (const a of timeline) {
    console.log(`  ${a.occurredAt.slice(0, 10)}  ${a.type.padEnd(8)} ${a.subject ?? a.body ?? ''}`)
  }

  const won = deals.find((d) => d.status === 'won')
  if (won) {
    const history = await t.deals.history(won.id)
    const names = Object.fromEntries(pipeline.stages.map((s) => [s.id, s.name]))
    console.log(`\nStage history of "${won.title}":`)
    for (const h of history) {
      console.log(
        `  ${h.at.slice(0, 10)}  ${(h.fromStageId ? names[h.fromStageId] : '(created)').padEnd(12)} -> ${names[h.toStageId]}`,
      )
    }
  }

  const counts = {}
  for (const type of events) counts[type] = (counts[type] ?? 0) + 1
  console.log('\nDomain events emitted (in the outbox and to subscribers):')
  for (const [type, n] of Object.entries(counts)) console.log(`  ${type.padEnd(22)} ${String(n).padStart(3)}`)
}
