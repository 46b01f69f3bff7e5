/**
 * The board's strings in en (the fallback of every locale), de, ko and zh. A provider's `strings`
 * or `registerTranslations` override any of them by key.
 */
import type { Translations } from '../shared/localize.js'

const en = {
  'board.label': (pipeline: string) => `${pipeline} pipeline`,
  'board.loading': 'Loading deals…',
  'board.error': 'The deals could not be loaded.',
  'board.noPipeline': 'There is no pipeline to show.',
  'board.empty': 'No deals in this pipeline yet.',
  'board.emptyColumn': 'No deals',
  'board.summary': (count: number, weighted: string) =>
    `${count} ${count === 1 ? 'deal' : 'deals'} · ${weighted} weighted`,
  'board.unassigned': 'Unassigned',
  'board.instructions':
    'Shift plus Left or Right Arrow moves the deal to the previous or next stage. The Move button lists every stage.',
  'board.moveTo': (deal: string) => `Move deal '${deal}' to…`,
  'board.moveToStage': (deal: string, stage: string) => `Move deal '${deal}' to ${stage}`,
  'board.picked': (deal: string, stage: string) => `Picked up ${deal} in ${stage}.`,
  'board.over': (deal: string, stage: string) => `${deal} is over ${stage}.`,
  'board.moved': (deal: string, from: string, to: string) => `${deal} moved from ${from} to ${to}`,
  'board.cancelled': (deal: string, stage: string) => `Move cancelled. ${deal} stays in ${stage}.`,
  'board.conflict': (deal: string, stage: string) =>
    `${deal} was changed by someone else and could not be moved. It is back in ${stage}.`,
  'board.failed': (deal: string, stage: string) => `${deal} could not be moved. It is back in ${stage}.`,
  'board.retry': 'Retry',
}

const de: Partial<typeof en> = {
  'board.label': (pipeline: string) => `Pipeline ${pipeline}`,
  'board.loading': 'Deals werden geladen…',
  'board.error': 'Die Deals konnten nicht geladen werden.',
  'board.noPipeline': 'Es gibt keine Pipeline zum Anzeigen.',
  'board.empty': 'Diese Pipeline hat noch keine Deals.',
  'board.emptyColumn': 'Keine Deals',
  'board.summary': (count: number, weighted: string) =>
    `${count} ${count === 1 ? 'Deal' : 'Deals'} · ${weighted} gewichtet`,
  'board.unassigned': 'Nicht zugewiesen',
  'board.instructions':
    'Umschalt plus Pfeil links oder rechts verschiebt den Deal in die vorige oder nächste Phase. Die Schaltfläche „Verschieben“ listet alle Phasen.',
  'board.moveTo': (deal: string) => `Deal „${deal}“ verschieben nach…`,
  'board.moveToStage': (deal: string, stage: string) => `Deal „${deal}“ nach ${stage} verschieben`,
  'board.picked': (deal: string, stage: string) => `${deal} in ${stage} aufgenommen.`,
  'board.over': (deal: string, stage: string) => `${deal} ist über ${stage}.`,
  'board.moved': (deal: string, from: string, to: string) => `${deal} von ${from} nach ${to} verschoben`,
  'board.cancelled': (deal: string, stage: string) => `Verschieben abgebrochen. ${deal} bleibt in ${stage}.`,
  'board.conflict': (deal: string, stage: string) =>
    `${deal} wurde von jemand anderem geändert und nicht verschoben. Der Deal ist wieder in ${stage}.`,
  'board.failed': (deal: string, stage: string) =>
    `${deal} konnte nicht verschoben werden. Der Deal ist wieder in ${stage}.`,
  'board.retry': 'Erneut versuchen',
}

const ko: Partial<typeof en> = {
  'board.label': (pipeline: string) => `${pipeline} 파이프라인`,
  'board.loading': '거래를 불러오는 중…',
  'board.error': '거래를 불러오지 못했습니다.',
  'board.noPipeline': '표시할 파이프라인이 없습니다.',
  'board.empty': '이 파이프라인에는 아직 거래가 없습니다.',
  'board.emptyColumn': '거래 없음',
  'board.summary': (count: number, weighted: string) => `거래 ${count}건 · 가중 ${weighted}`,
  'board.unassigned': '담당자 없음',
  'board.instructions':
    'Shift와 왼쪽 또는 오른쪽 화살표로 거래를 이전 또는 다음 단계로 옮깁니다. 이동 버튼에 모든 단계가 있습니다.',
  'board.moveTo': (deal: string) => `'${deal}' 거래 이동…`,
  'board.moveToStage': (deal: string, stage: string) => `'${deal}' 거래를 ${stage}(으)로 이동`,
  'board.picked': (deal: string, stage: string) => `${stage}에서 ${deal}을(를) 집었습니다.`,
  'board.over': (deal: string, stage: string) => `${deal}이(가) ${stage} 위에 있습니다.`,
  'board.moved': (deal: string, from: string, to: string) => `${deal}을(를) ${from}에서 ${to}(으)로 옮겼습니다`,
  'board.cancelled': (deal: string, stage: string) => `이동이 취소되었습니다. ${deal}은(는) ${stage}에 있습니다.`,
  'board.conflict': (deal: string, stage: string) =>
    `다른 사용자가 ${deal}을(를) 변경하여 옮기지 못했습니다. ${stage}(으)로 되돌렸습니다.`,
  'board.failed': (deal: string, stage: string) => `${deal}을(를) 옮기지 못했습니다. ${stage}(으)로 되돌렸습니다.`,
  'board.retry': '다시 시도',
}

const zh: Partial<typeof en> = {
  'board.label': (pipeline: string) => `${pipeline} 销售管道`,
  'board.loading': '正在加载交易…',
  'board.error': '无法加载交易。',
  'board.noPipeline': '没有可显示的销售管道。',
  'board.empty': '此销售管道还没有交易。',
  'board.emptyColumn': '没有交易',
  'board.summary': (count: number, weighted: string) => `${count} 笔交易 · 加权 ${weighted}`,
  'board.unassigned': '未分配',
  'board.instructions': '按 Shift 加左或右方向键将交易移到上一个或下一个阶段。“移动”按钮列出所有阶段。',
  'board.moveTo': (deal: string) => `将交易“${deal}”移到…`,
  'board.moveToStage': (deal: string, stage: string) => `将交易“${deal}”移到 ${stage}`,
  'board.picked': (deal: string, stage: string) => `已拿起 ${stage} 中的 ${deal}。`,
  'board.over': (deal: string, stage: string) => `${deal} 位于 ${stage} 上方。`,
  'board.moved': (deal: string, from: string, to: string) => `${deal} 已从 ${from} 移到 ${to}`,
  'board.cancelled': (deal: string, stage: string) => `已取消移动。${deal} 仍在 ${stage}。`,
  'board.conflict': (deal: string, stage: string) => `${deal} 已被其他人更改，未能移动。已退回 ${stage}。`,
  'board.failed': (deal: string, stage: string) => `${deal} 无法移动。已退回 ${stage}。`,
  'board.retry': '重试',
}

/** The board's strings by locale. */
export const boardTranslations: Translations = { en, de, ko, zh }
