// Autosave for the minutes: each text field is saved on its own, with the version it was read
// at, after a pause in typing and when the field loses focus. A save that lost a race (409)
// keeps the typed text in the box and shows the other person's text above it to merge; that
// field's autosave then waits until the user says the texts are merged. Without this script the
// form's Save button posts the same fields and versions.
/* global document, fetch, URLSearchParams, setTimeout, clearTimeout, CSS -- a browser module */

const PAUSE_MS = 1500

const timeNow = () => new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })

function conflictPanel(textarea, current, onMerged) {
  const group = textarea.closest('.govuk-form-group') ?? textarea
  group.parentElement.querySelector(`[data-conflict-for="${CSS.escape(textarea.name)}"]`)?.remove()
  const panel = document.createElement('div')
  panel.className = 'govuk-inset-text'
  panel.dataset.conflictFor = textarea.name
  const heading = document.createElement('p')
  heading.className = 'govuk-body govuk-!-font-weight-bold'
  heading.textContent = 'Someone else saved this while you were typing. Their text:'
  const theirs = document.createElement('p')
  theirs.className = 'govuk-body app-preserve-lines'
  theirs.textContent = current.value
  const advice = document.createElement('p')
  advice.className = 'govuk-body'
  advice.textContent = 'Your text is kept in the box below. Merge the two there, then save it.'
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'govuk-button govuk-button--secondary'
  button.textContent = 'Save the merged text'
  button.addEventListener('click', () => {
    panel.remove()
    onMerged()
  })
  panel.append(heading, theirs, advice, button)
  group.before(panel)
}

function setUp(form) {
  const status = form.querySelector('[data-autosave-status]')
  const csrf = form.querySelector('input[name="_csrf"]').value
  const say = (text) => {
    if (status) status.textContent = text
  }

  for (const textarea of form.querySelectorAll('textarea[data-minutes-field]')) {
    const key = textarea.dataset.minutesField
    const version = form.querySelector(`input[data-version-for="${CSS.escape(key)}"]`)
    // What the server sent, not what is in the box now: text typed before this script ran is
    // not yet saved.
    let saved = textarea.defaultValue
    let timer
    let inFlight
    let held = false

    const save = async (force = false) => {
      clearTimeout(timer)
      if (held || (!force && textarea.value === saved)) return
      if (inFlight) {
        await inFlight
        return save(force)
      }
      const value = textarea.value
      say('Saving…')
      inFlight = fetch(textarea.dataset.saveUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, value, version: version.value }),
      })
        .then(async (response) => {
          const body = await response.json().catch(() => ({}))
          if (response.ok) {
            saved = value
            version.value = String(body.version)
            say(`Saved at ${timeNow()}`)
          } else if (response.status === 409 && body.current) {
            // The next save is based on their version: it is the merge.
            held = true
            version.value = String(body.current.version)
            say('Not saved: someone else changed this field. Merge the texts, then save.')
            conflictPanel(textarea, body.current, () => {
              held = false
              save(true)
            })
          } else {
            say(body.errors?.[0]?.message ?? 'Not saved: use the Save button')
          }
        })
        .catch(() => say('Not saved: check your connection, then use the Save button'))
        .finally(() => {
          inFlight = undefined
        })
      await inFlight
    }

    textarea.addEventListener('input', () => {
      clearTimeout(timer)
      timer = setTimeout(save, PAUSE_MS)
    })
    textarea.addEventListener('blur', () => save())
  }
}

for (const form of document.querySelectorAll('form[data-autosave]')) setUp(form)
