/**
 * Common English and Welsh given names and the short forms, pet names and Welsh forms people
 * use for them. A curated list, not a complete one: each entry is the formal name followed by
 * the names that stand for it. A name may be in more than one group (Pat: Patrick, Patricia).
 */
const GROUPS: readonly (readonly string[])[] = [
  ['william', 'bill', 'billy', 'will', 'willie', 'willy', 'liam', 'gwilym', 'wil'],
  ['margaret', 'peggy', 'peg', 'maggie', 'meg', 'marge', 'margie', 'mags', 'greta', 'rita', 'mared', 'megan'],
  ['david', 'dai', 'dave', 'davey', 'davy', 'dafydd', 'dewi', 'deio'],
  ['john', 'jack', 'johnny', 'jon', 'ieuan', 'ifan', 'ioan', 'sion', 'ian', 'evan', 'jac'],
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert', 'robin'],
  ['richard', 'dick', 'rick', 'ricky', 'rich', 'richie', 'rhisiart'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'bess', 'bethan', 'eliza', 'libby', 'elsie', 'lisa', 'bet'],
  ['edward', 'ed', 'eddie', 'eddy', 'ted', 'teddy', 'ned', 'iorwerth'],
  ['james', 'jim', 'jimmy', 'jamie', 'jimbo', 'iago'],
  ['thomas', 'tom', 'tommy', 'twm', 'tomos'],
  ['anthony', 'tony', 'ant', 'antony'],
  ['michael', 'mike', 'mick', 'mickey', 'micky', 'mikey', 'mihangel'],
  ['christopher', 'chris', 'kit', 'christy', 'topher'],
  ['patrick', 'pat', 'paddy'],
  ['stephen', 'steven', 'steve', 'stevie', 'steffan'],
  ['joseph', 'joe', 'joey', 'jo'],
  ['charles', 'charlie', 'chas', 'chuck'],
  ['henry', 'harry', 'hal', 'hank', 'harri'],
  ['alexander', 'alex', 'alec', 'sandy', 'xander', 'alistair'],
  ['andrew', 'andy', 'drew', 'andreas'],
  ['benjamin', 'ben', 'benny', 'benji'],
  ['daniel', 'dan', 'danny', 'deiniol'],
  ['matthew', 'matt', 'matty', 'mathew'],
  ['nicholas', 'nick', 'nicky', 'nico'],
  ['samuel', 'sam', 'sammy'],
  ['timothy', 'tim', 'timmy'],
  ['jonathan', 'jon', 'jonny', 'jonty'],
  ['kenneth', 'ken', 'kenny'],
  ['leonard', 'len', 'lenny', 'leo'],
  ['lawrence', 'laurence', 'larry', 'laurie'],
  ['frederick', 'fred', 'freddie', 'freddy'],
  ['gareth', 'gaz'],
  ['philip', 'phillip', 'phil', 'pip'],
  ['peter', 'pete', 'pedr'],
  ['raymond', 'ray'],
  ['ronald', 'ron', 'ronnie'],
  ['donald', 'don', 'donny'],
  ['gerald', 'gerry', 'jerry'],
  ['gregory', 'greg'],
  ['geoffrey', 'jeffrey', 'geoff', 'jeff'],
  ['terence', 'terry', 'tel'],
  ['vincent', 'vince', 'vinny'],
  ['llewellyn', 'llewelyn', 'llew', 'lew', 'lewis'],
  ['owen', 'owain'],
  ['hugh', 'huw', 'hughie'],
  ['rhys', 'rees', 'reece', 'reese'],
  ['gwendolyn', 'gwen', 'gwenllian', 'gwenda'],
  ['rhiannon', 'rhi'],
  ['catherine', 'katherine', 'kathryn', 'kate', 'katie', 'cathy', 'kath', 'kay', 'cath', 'catrin', 'kit'],
  ['susan', 'sue', 'susie', 'suzy', 'suzanne'],
  ['deborah', 'debbie', 'debra', 'deb', 'debs'],
  ['rebecca', 'becky', 'becca', 'bex'],
  ['jennifer', 'jenny', 'jen', 'jenni'],
  ['patricia', 'pat', 'patty', 'trish', 'tricia'],
  ['victoria', 'vicky', 'vicki', 'tori'],
  ['sarah', 'sara', 'sally', 'sal'],
  ['mary', 'molly', 'polly', 'mair', 'mari', 'maria'],
  ['ann', 'anne', 'annie', 'nan', 'nancy'],
  ['jane', 'sian', 'janey', 'jayne'],
  ['helen', 'nell', 'nellie', 'elen'],
  ['eleanor', 'ellie', 'nora', 'elinor'],
  ['dorothy', 'dot', 'dolly', 'dottie'],
  ['barbara', 'barb', 'babs'],
  ['christine', 'chris', 'chrissie', 'tina', 'christina'],
  ['jacqueline', 'jackie', 'jacqui'],
  ['pamela', 'pam'],
  ['kimberley', 'kimberly', 'kim'],
  ['josephine', 'jo', 'josie'],
  ['samantha', 'sam', 'sammie'],
  ['alexandra', 'alex', 'lexi', 'sandra'],
  ['nicola', 'nicky', 'nikki'],
  ['caroline', 'carol', 'carrie', 'caz'],
  ['sharon', 'shaz'],
  ['lynne', 'lyn', 'lynn'],
]

const byName = new Map<string, string[]>()
for (const group of GROUPS) {
  const [formal] = group
  for (const name of group) byName.set(name, [...new Set([...(byName.get(name) ?? []), formal!])])
}

/** The formal names a given name may stand for (itself included when it is formal). */
export function nicknameGroups(name: string): string[] {
  return byName.get(name.toLowerCase()) ?? []
}

/** Every (name, formal name) pair, for the database to join against. */
export const NICKNAME_PAIRS: readonly { name: string; group: string }[] = [...byName].flatMap(
  ([name, groups]) => groups.map((group) => ({ name, group })),
)
