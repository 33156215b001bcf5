/**
 * Every piece of text the public disclosure scheme forms show, in English and Welsh (Welsh
 * Language Act 1993; Welsh Language Standards: services for the public in Wales are offered in
 * Welsh, treated no less favourably). One dictionary, so a test can prove each has both.
 * `{name}` marks a value filled in when shown.
 */
export const TEXT = {
  serviceName: { en: 'Ask the police about someone', cy: 'Gofyn i’r heddlu am rywun' },
  languageToggle: { en: 'Cymraeg', cy: 'English' },
  languageToggleLabel: { en: 'Darllenwch y dudalen hon yn Gymraeg', cy: 'Read this page in English' },
  skipLink: { en: 'Skip to main content', cy: 'Neidio i’r prif gynnwys' },
  back: { en: 'Back', cy: 'Yn ôl' },
  continue: { en: 'Continue', cy: 'Parhau' },
  change: { en: 'Change', cy: 'Newid' },
  remove: { en: 'Remove', cy: 'Dileu' },
  yes: { en: 'Yes', cy: 'Ydy' },
  no: { en: 'No', cy: 'Nac ydy' },
  optional: { en: '(optional)', cy: '(dewisol)' },
  day: { en: 'Day', cy: 'Diwrnod' },
  month: { en: 'Month', cy: 'Mis' },
  year: { en: 'Year', cy: 'Blwyddyn' },
  dateHint: { en: 'For example, 27 3 1985', cy: 'Er enghraifft, 27 3 1985' },
  errorSummaryTitle: { en: 'There is a problem', cy: 'Mae problem wedi codi' },
  errorPrefix: { en: 'Error:', cy: 'Gwall:' },
  // Hidden before an inline error (GOV.UK adds the colon) and the warning icon, for screen readers.
  errorHidden: { en: 'Error', cy: 'Gwall' },
  warningHidden: { en: 'Warning', cy: 'Rhybudd' },
  notProvided: { en: 'Not provided', cy: 'Heb ei roi' },
  footerLicence: {
    en: 'All content is available under the Open Government Licence v3.0, except where otherwise stated',
    cy: 'Mae’r holl gynnwys ar gael o dan y Drwydded Llywodraeth Agored v3.0, oni nodir yn wahanol',
  },
  footerCopyright: { en: '© Crown copyright', cy: '© Hawlfraint y Goron' },

  emergencyTitle: {
    en: 'If you or someone else is in immediate danger',
    cy: 'Os ydych chi neu rywun arall mewn perygl uniongyrchol',
  },
  emergencyText: {
    en: 'Call 999 now. Do not use this form. If you cannot speak, call 999 and then press 55 when asked.',
    cy: 'Ffoniwch 999 nawr. Peidiwch â defnyddio’r ffurflen hon. Os na allwch siarad, ffoniwch 999 ac yna pwyswch 55 pan ofynnir i chi.',
  },
  safetyText: {
    en: 'If someone else uses your device, they may see that you visited this page. Nothing you enter is kept on your device, and you cannot save your answers and come back later.',
    cy: 'Os yw rhywun arall yn defnyddio eich dyfais, efallai y gallant weld eich bod wedi ymweld â’r dudalen hon. Nid oes dim byd rydych yn ei nodi’n cael ei gadw ar eich dyfais, ac ni allwch gadw eich atebion a dod yn ôl yn nes ymlaen.',
  },

  startTitle: {
    en: 'Ask the police if someone could be a risk',
    cy: 'Gofyn i’r heddlu a allai rhywun fod yn risg',
  },
  startIntro: {
    en: 'You can ask the police whether someone has a record of abuse or violence, or of offences against children. The police will check what they know and decide whether to tell you, or the person best placed to protect someone at risk.',
    cy: 'Gallwch ofyn i’r heddlu a oes gan rywun gofnod o gam-drin neu drais, neu o droseddau yn erbyn plant. Bydd yr heddlu’n gwirio’r hyn maen nhw’n ei wybod ac yn penderfynu a ddylid dweud wrthych chi, neu wrth y person sydd yn y sefyllfa orau i amddiffyn rhywun sydd mewn perygl.',
  },
  startTime: { en: 'It takes about 10 minutes.', cy: 'Mae’n cymryd tua 10 munud.' },
  claresLawHeading: {
    en: 'Ask about a partner or ex-partner (Clare’s Law)',
    cy: 'Gofyn am bartner neu gyn-bartner (Cyfraith Clare)',
  },
  claresLawText: {
    en: 'Ask whether your partner or ex-partner, or the partner of someone you know, has been abusive or violent in the past.',
    cy: 'Gofyn a yw eich partner neu gyn-bartner, neu bartner rhywun rydych yn ei adnabod, wedi bod yn gamdriniol neu’n dreisgar yn y gorffennol.',
  },
  claresLawStart: { en: 'Ask about a partner', cy: 'Gofyn am bartner' },
  sarahsLawHeading: {
    en: 'Ask about someone with access to a child (Sarah’s Law)',
    cy: 'Gofyn am rywun sydd â mynediad at blentyn (Cyfraith Sarah)',
  },
  sarahsLawText: {
    en: 'Ask whether someone who has contact with a child has a record of sexual offences against children.',
    cy: 'Gofyn a oes gan rywun sydd â chysylltiad â phlentyn gofnod o droseddau rhywiol yn erbyn plant.',
  },
  sarahsLawStart: {
    en: 'Ask about someone with access to a child',
    cy: 'Gofyn am rywun sydd â mynediad at blentyn',
  },

  // Clare's Law: who is at risk
  whoForTitle: { en: 'Who are you worried about?', cy: 'Am bwy rydych chi’n poeni?' },
  whoForSelf: {
    en: 'Myself – I want to ask about my partner or ex-partner',
    cy: 'Fi fy hun – rwyf eisiau gofyn am fy mhartner neu gyn-bartner',
  },
  whoForOther: {
    en: 'Someone else – I am worried about a friend or family member',
    cy: 'Rhywun arall – rwy’n poeni am ffrind neu aelod o’r teulu',
  },
  whoForMissing: { en: 'Select who you are worried about', cy: 'Dewiswch am bwy rydych chi’n poeni' },

  atRiskTitle: {
    en: 'About the person you are worried about',
    cy: 'Ynglŷn â’r person rydych chi’n poeni amdano',
  },
  atRiskName: { en: 'Their full name', cy: 'Eu henw llawn' },
  atRiskNameMissing: {
    en: 'Enter the full name of the person you are worried about',
    cy: 'Rhowch enw llawn y person rydych chi’n poeni amdano',
  },
  atRiskRelationship: { en: 'How do you know them?', cy: 'Sut ydych chi’n eu hadnabod?' },
  atRiskRelationshipHint: {
    en: 'For example, my sister or my friend',
    cy: 'Er enghraifft, fy chwaer neu fy ffrind',
  },
  atRiskRelationshipMissing: {
    en: 'Enter how you know the person you are worried about',
    cy: 'Rhowch sut rydych yn adnabod y person rydych chi’n poeni amdano',
  },

  subjectTitle: {
    en: 'About the person you want to ask about',
    cy: 'Ynglŷn â’r person rydych eisiau gofyn amdano',
  },
  subjectName: { en: 'Their full name', cy: 'Eu henw llawn' },
  subjectNameHint: {
    en: 'Include any other names you know they use',
    cy: 'Cynhwyswch unrhyw enwau eraill rydych yn gwybod eu bod yn eu defnyddio',
  },
  subjectNameMissing: {
    en: 'Enter the full name of the person you want to ask about',
    cy: 'Rhowch enw llawn y person rydych eisiau gofyn amdano',
  },
  subjectDob: { en: 'Their date of birth, if you know it', cy: 'Eu dyddiad geni, os ydych yn ei wybod' },
  subjectAddress: { en: 'Their address, if you know it', cy: 'Eu cyfeiriad, os ydych yn ei wybod' },
  subjectHowKnownPartner: {
    en: 'How do they know you, or the person you are worried about?',
    cy: 'Sut maen nhw’n eich adnabod chi, neu’r person rydych chi’n poeni amdano?',
  },
  subjectHowKnownPartnerHint: {
    en: 'For example, partner for 6 months, or ex-partner',
    cy: 'Er enghraifft, partner ers 6 mis, neu gyn-bartner',
  },
  subjectHowKnownChild: {
    en: 'How do they have contact with the child or children?',
    cy: 'Sut mae ganddyn nhw gysylltiad â’r plentyn neu’r plant?',
  },
  subjectHowKnownChildHint: {
    en: 'For example, my new partner who stays at our home',
    cy: 'Er enghraifft, fy mhartner newydd sy’n aros yn ein cartref',
  },
  subjectHowKnownMissing: {
    en: 'Enter how they know you, the person at risk or the child',
    cy: 'Rhowch sut maen nhw’n eich adnabod chi, y person sydd mewn perygl neu’r plentyn',
  },

  concernTitle: { en: 'What are you worried about?', cy: 'Beth sy’n eich poeni?' },
  concernHint: {
    en: 'Tell us what has happened or what makes you worried. Include dates if you know them.',
    cy: 'Dywedwch wrthym beth sydd wedi digwydd neu beth sy’n gwneud i chi boeni. Cynhwyswch ddyddiadau os ydych yn eu gwybod.',
  },
  concernMissing: { en: 'Enter what you are worried about', cy: 'Rhowch beth sy’n eich poeni' },

  yourDetailsTitle: { en: 'Your details', cy: 'Eich manylion' },
  applicantName: { en: 'Your full name', cy: 'Eich enw llawn' },
  applicantNameMissing: { en: 'Enter your full name', cy: 'Rhowch eich enw llawn' },
  applicantDob: { en: 'Your date of birth', cy: 'Eich dyddiad geni' },
  applicantDobMissing: { en: 'Enter your date of birth', cy: 'Rhowch eich dyddiad geni' },
  applicantAddress: { en: 'Your address', cy: 'Eich cyfeiriad' },
  applicantAddressMissing: { en: 'Enter your address', cy: 'Rhowch eich cyfeiriad' },
  applicantEmail: { en: 'Email address', cy: 'Cyfeiriad e-bost' },
  applicantPhone: { en: 'Phone number', cy: 'Rhif ffôn' },

  contactTitle: { en: 'How can we contact you safely?', cy: 'Sut gallwn gysylltu â chi’n ddiogel?' },
  contactMethods: { en: 'How can we contact you?', cy: 'Sut gallwn gysylltu â chi?' },
  contactMethodsHint: { en: 'Select all that are safe', cy: 'Dewiswch bob un sy’n ddiogel' },
  contactMethodsMissing: { en: 'Select how we can contact you', cy: 'Dewiswch sut gallwn gysylltu â chi' },
  methodPhone: { en: 'Phone call', cy: 'Galwad ffôn' },
  methodText: { en: 'Text message', cy: 'Neges destun' },
  methodEmail: { en: 'Email', cy: 'E-bost' },
  methodLetter: { en: 'Letter', cy: 'Llythyr' },
  safeToCall: { en: 'Is it safe for us to call you?', cy: 'A yw’n ddiogel i ni eich ffonio?' },
  safeToCallMissing: {
    en: 'Select whether it is safe for us to call you',
    cy: 'Dewiswch a yw’n ddiogel i ni eich ffonio',
  },
  safeToLeaveMessage: { en: 'Is it safe for us to leave a message?', cy: 'A yw’n ddiogel i ni adael neges?' },
  safeToLeaveMessageMissing: {
    en: 'Select whether it is safe for us to leave a message',
    cy: 'Dewiswch a yw’n ddiogel i ni adael neges',
  },
  safeTimes: { en: 'When is it safe to contact you?', cy: 'Pryd mae’n ddiogel cysylltu â chi?' },
  safeTimesHint: {
    en: 'For example, weekdays between 9am and 3pm',
    cy: 'Er enghraifft, dyddiau’r wythnos rhwng 9am a 3pm',
  },

  forceTitle: {
    en: 'Which police force covers where the person at risk lives?',
    cy: 'Pa heddlu sy’n gwasanaethu’r ardal lle mae’r person sydd mewn perygl yn byw?',
  },
  forceHint: {
    en: 'If you are not sure, choose the force for your own address',
    cy: 'Os nad ydych yn siŵr, dewiswch yr heddlu ar gyfer eich cyfeiriad eich hun',
  },
  forceChoose: { en: 'Choose a police force', cy: 'Dewiswch heddlu' },
  forceMissing: { en: 'Select a police force', cy: 'Dewiswch heddlu' },

  // Sarah's Law: the children
  relationshipTitle: {
    en: 'What is your relationship to the child or children?',
    cy: 'Beth yw eich perthynas â’r plentyn neu’r plant?',
  },
  relationshipHint: {
    en: 'For example, parent, grandparent, guardian or neighbour',
    cy: 'Er enghraifft, rhiant, taid neu nain, gwarcheidwad neu gymydog',
  },
  relationshipMissing: {
    en: 'Enter your relationship to the child or children',
    cy: 'Rhowch eich perthynas â’r plentyn neu’r plant',
  },
  childTitle: { en: 'About the child', cy: 'Ynglŷn â’r plentyn' },
  childName: { en: 'Child’s full name', cy: 'Enw llawn y plentyn' },
  childNameMissing: { en: 'Enter the child’s full name', cy: 'Rhowch enw llawn y plentyn' },
  childDob: { en: 'Child’s date of birth', cy: 'Dyddiad geni’r plentyn' },
  childDobMissing: { en: 'Enter the child’s date of birth', cy: 'Rhowch ddyddiad geni’r plentyn' },
  childAddress: { en: 'Where the child lives', cy: 'Ble mae’r plentyn yn byw' },
  childrenTitle: { en: 'Children you have told us about', cy: 'Y plant rydych wedi dweud wrthym amdanynt' },
  childrenAnother: {
    en: 'Do you need to tell us about another child?',
    cy: 'Oes angen i chi ddweud wrthym am blentyn arall?',
  },
  childrenAnotherMissing: {
    en: 'Select yes if you need to tell us about another child',
    cy: 'Dewiswch ‘oes’ os oes angen i chi ddweud wrthym am blentyn arall',
  },
  childrenAnotherYes: { en: 'Yes', cy: 'Oes' },
  childrenAnotherNo: { en: 'No', cy: 'Nac oes' },
  childrenNone: { en: 'Tell us about at least one child', cy: 'Dywedwch wrthym am o leiaf un plentyn' },
  childrenMax: {
    en: 'You can tell us about up to {max} children',
    cy: 'Gallwch ddweud wrthym am hyd at {max} o blant',
  },

  // Check answers, confirmation, limits
  checkTitle: {
    en: 'Check your answers before sending your application',
    cy: 'Gwiriwch eich atebion cyn anfon eich cais',
  },
  checkSend: { en: 'Now send your application', cy: 'Nawr anfonwch eich cais' },
  checkDeclaration: {
    en: 'By sending this application you confirm that, to the best of your knowledge, the details you are giving are correct.',
    cy: 'Drwy anfon y cais hwn rydych yn cadarnhau bod y manylion rydych yn eu rhoi yn gywir, hyd eithaf eich gwybodaeth.',
  },
  checkSubmit: { en: 'Accept and send', cy: 'Derbyn ac anfon' },
  confirmationTitle: { en: 'Application sent', cy: 'Cais wedi’i anfon' },
  confirmationReference: { en: 'Your reference is', cy: 'Eich cyfeirnod yw' },
  confirmationKeep: {
    en: 'Keep your reference safe. Give it if you contact the police about your application.',
    cy: 'Cadwch eich cyfeirnod yn ddiogel. Rhowch ef os byddwch yn cysylltu â’r heddlu am eich cais.',
  },
  nextTitle: { en: 'What happens next', cy: 'Beth sy’n digwydd nesaf' },
  nextChecks: {
    en: 'The police will look at your application within 24 hours to check whether anyone is in immediate danger.',
    cy: 'Bydd yr heddlu’n edrych ar eich cais o fewn 24 awr i wirio a oes unrhyw un mewn perygl uniongyrchol.',
  },
  nextMeeting: {
    en: 'An officer will contact you in the way you told us is safe, to arrange to meet you in person and check who you are.',
    cy: 'Bydd swyddog yn cysylltu â chi yn y ffordd y dywedoch wrthym sy’n ddiogel, i drefnu i’ch cyfarfod wyneb yn wyneb a gwirio pwy ydych chi.',
  },
  nextDecisionClare: {
    en: 'The police and other agencies will decide whether to share information. This usually takes no more than 28 days.',
    cy: 'Bydd yr heddlu ac asiantaethau eraill yn penderfynu a ddylid rhannu gwybodaeth. Fel arfer nid yw hyn yn cymryd mwy na 28 diwrnod.',
  },
  nextDecisionSarah: {
    en: 'The police and other agencies will decide whether to share information. This usually takes no more than 45 days.',
    cy: 'Bydd yr heddlu ac asiantaethau eraill yn penderfynu a ddylid rhannu gwybodaeth. Fel arfer nid yw hyn yn cymryd mwy na 45 diwrnod.',
  },
  nextBestPlaced: {
    en: 'If information is shared, it will be with the person best placed to protect whoever is at risk. This may not be you.',
    cy: 'Os caiff gwybodaeth ei rhannu, bydd hynny gyda’r person sydd yn y sefyllfa orau i amddiffyn pwy bynnag sydd mewn perygl. Efallai nad chi fydd hwnnw.',
  },
  nextNoNews: {
    en: 'Sending this application does not mean the police hold any information about the person you asked about.',
    cy: 'Nid yw anfon y cais hwn yn golygu bod gan yr heddlu unrhyw wybodaeth am y person y gofynnoch amdano.',
  },
  startAgain: { en: 'Start a new application', cy: 'Dechrau cais newydd' },

  tooManyTitle: {
    en: 'Sorry, you have sent too many applications',
    cy: 'Mae’n ddrwg gennym, rydych wedi anfon gormod o geisiadau',
  },
  tooManyText: {
    en: 'To protect this service, we limit how many applications can be sent. Try again in an hour. If you need help now, call 101, or 999 in an emergency.',
    cy: 'Er mwyn diogelu’r gwasanaeth hwn, rydym yn cyfyngu ar faint o geisiadau y gellir eu hanfon. Rhowch gynnig arall arni ymhen awr. Os oes angen help arnoch nawr, ffoniwch 101, neu 999 mewn argyfwng.',
  },
  tooLargeTitle: {
    en: 'Sorry, what you entered is too long',
    cy: 'Mae’n ddrwg gennym, mae’r hyn a nodwyd gennych yn rhy hir',
  },
  tooLargeText: {
    en: 'Go back and shorten your answers. If you need to tell the police more, call 101.',
    cy: 'Ewch yn ôl a byrhau eich atebion. Os oes angen i chi ddweud mwy wrth yr heddlu, ffoniwch 101.',
  },
  expiredTitle: {
    en: 'Sorry, this page has expired',
    cy: 'Mae’n ddrwg gennym, mae’r dudalen hon wedi dod i ben',
  },
  expiredText: {
    en: 'For your safety, we do not keep your answers for long. Start again to send your application.',
    cy: 'Er eich diogelwch, nid ydym yn cadw eich atebion am hir. Dechreuwch eto i anfon eich cais.',
  },
  badRequestTitle: {
    en: 'Sorry, there is a problem with what was sent',
    cy: 'Mae’n ddrwg gennym, mae problem gyda’r hyn a anfonwyd',
  },
  badRequestText: { en: 'Go back and try again.', cy: 'Ewch yn ôl a rhowch gynnig arall arni.' },

  // Generic validation messages
  tooLong: {
    en: '{label} must be {max} characters or fewer',
    cy: 'Rhaid i {label} fod yn {max} o nodau neu lai',
  },
  dateIncomplete: {
    en: '{label} must include a day, month and year',
    cy: 'Rhaid i {label} gynnwys diwrnod, mis a blwyddyn',
  },
  dateReal: { en: '{label} must be a real date', cy: 'Rhaid i {label} fod yn ddyddiad go iawn' },
  datePast: { en: '{label} must be in the past', cy: 'Rhaid i {label} fod yn y gorffennol' },
  emailFormat: {
    en: 'Enter an email address in the correct format, like name@example.com',
    cy: 'Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com',
  },
  phoneFormat: {
    en: 'Enter a phone number, like 01632 960 001 or 07700 900 982',
    cy: 'Rhowch rif ffôn, fel 01632 960 001 neu 07700 900 982',
  },
} as const satisfies Record<string, { en: string; cy: string }>

export type Lang = 'en' | 'cy'
export type TextKey = keyof typeof TEXT
export const LANGS: readonly Lang[] = ['en', 'cy']

/** The text in the language, with `{name}` values filled in. */
export function t(lang: Lang, key: TextKey, values: Record<string, string | number> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole))
}

/** The police forces of England and Wales; the four Welsh forces have Welsh names. */
export const WELSH_FORCE_NAMES: Record<string, string> = {
  'Dyfed-Powys Police': 'Heddlu Dyfed-Powys',
  'Gwent Police': 'Heddlu Gwent',
  'North Wales Police': 'Heddlu Gogledd Cymru',
  'South Wales Police': 'Heddlu De Cymru',
}
