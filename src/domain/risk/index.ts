// Public API of the risk vocabulary: bands from scores, and when assessments are due again.
export * from './bands.js'
export * from './reassessment.js'
