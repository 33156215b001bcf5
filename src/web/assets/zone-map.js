// The zone map (Leaflet, no plugins, no internet needed): shows zones and address points; on the
// zone form, clicks draw a polygon or place a circle into the form's own inputs, which are what
// is posted (the form works the same without this script).
/* global document -- a browser module; the lint config has no browser globals */
import * as L from '/assets/leaflet/leaflet-src.esm.js'

const ENGLAND_AND_WALES = [52.6, -2.2]
const ZONE_STYLE = { color: '#d4351c', weight: 2, fillOpacity: 0.15 }
const DRAFT_STYLE = { color: '#1d70b8', weight: 3, fillOpacity: 0.15 }
const round = (n) => Math.round(n * 1e6) / 1e6

function parse(text, fallback) {
  try {
    return JSON.parse(text)
  } catch {
    return fallback
  }
}

/** Shows the cursor's position: the only way to read coordinates off a map without tiles. */
function positionControl(map) {
  const control = L.control({ position: 'bottomright' })
  control.onAdd = () => {
    const box = L.DomUtil.create('div', 'app-zone-map__position')
    box.textContent = 'Latitude, longitude'
    map.on('mousemove', (e) => {
      box.textContent = `${e.latlng.lat.toFixed(5)}, ${e.latlng.lng.toFixed(5)}`
    })
    return box
  }
  return control.addTo(map)
}

function setUpDrawing(map, form, layers) {
  const tools = form.querySelector('[data-zone-tools]')
  const textarea = form.querySelector('#geometry')
  const circleInputs = ['circleLat', 'circleLon', 'circleRadius'].map((id) => form.querySelector(`#${id}`))
  const status = tools.querySelector('[data-zone-status]')
  let mode = 'polygon'
  let vertices = []
  let draft = null

  const say = (text) => (status.textContent = text)
  const clearDraft = () => {
    if (draft) layers.removeLayer(draft)
    draft = null
  }
  const showGeometry = () => {
    clearDraft()
    const [lat, lon, radius] = circleInputs.map((i) => Number(i.value))
    if (circleInputs.every((i) => i.value.trim()) && [lat, lon, radius].every(Number.isFinite)) {
      draft = L.circle([lat, lon], { radius, ...DRAFT_STYLE }).addTo(layers)
    } else if (textarea.value.trim()) {
      const json = parse(textarea.value, null)
      if (json) draft = L.geoJSON(json, { style: DRAFT_STYLE }).addTo(layers)
    }
    if (draft && draft.getBounds().isValid()) map.fitBounds(draft.getBounds(), { maxZoom: 16 })
  }

  tools.hidden = false
  for (const button of tools.querySelectorAll('[data-zone-mode]')) {
    button.addEventListener('click', () => {
      mode = button.dataset.zoneMode
      vertices = []
      say(
        mode === 'circle'
          ? 'Click the centre of the circle, then enter the radius in metres.'
          : 'Click the map to add each corner.',
      )
    })
  }
  tools.querySelector('[data-zone-finish]').addEventListener('click', () => {
    if (vertices.length < 3) return say('A polygon needs at least 3 corners.')
    const ring = [...vertices, vertices[0]].map((v) => [round(v.lng), round(v.lat)])
    textarea.value = JSON.stringify({ type: 'Polygon', coordinates: [ring] })
    for (const input of circleInputs) input.value = ''
    vertices = []
    showGeometry()
    say('Polygon finished: its GeoJSON is in the box below.')
  })
  tools.querySelector('[data-zone-clear]').addEventListener('click', () => {
    textarea.value = ''
    for (const input of circleInputs) input.value = ''
    vertices = []
    clearDraft()
    say('Cleared.')
  })
  map.on('click', (e) => {
    if (mode === 'circle') {
      circleInputs[0].value = String(round(e.latlng.lat))
      circleInputs[1].value = String(round(e.latlng.lng))
      textarea.value = ''
      if (!circleInputs[2].value.trim()) circleInputs[2].value = '500'
      showGeometry()
      say('Centre placed. Change the radius below if needed.')
      return
    }
    vertices.push(e.latlng)
    clearDraft()
    draft = L.polyline(vertices, DRAFT_STYLE).addTo(layers)
    say(`${vertices.length} corner${vertices.length === 1 ? '' : 's'}. Choose “Finish polygon” when done.`)
  })
  textarea.addEventListener('change', showGeometry)
  for (const input of circleInputs) input.addEventListener('change', showGeometry)
  showGeometry()
}

function initialise(element) {
  const tileUrl = element.dataset.tileUrl
  const map = L.map(element, { attributionControl: Boolean(tileUrl) }).setView(ENGLAND_AND_WALES, 6)
  if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map)
  L.control.scale({ imperial: false }).addTo(map)
  positionControl(map)

  const layers = L.featureGroup().addTo(map)
  const features = parse(element.dataset.features, [])
  for (const feature of features)
    L.geoJSON(feature, { style: ZONE_STYLE })
      .bindTooltip(feature.properties?.name ?? 'Zone')
      .addTo(layers)
  for (const point of parse(element.dataset.points, []))
    L.circleMarker([point.lat, point.lon], {
      radius: 6,
      color: '#0b0c0c',
      fillColor: '#ffdd00',
      fillOpacity: 1,
    })
      .bindTooltip(point.label || 'Address')
      .addTo(layers)
  if (layers.getLayers().length) map.fitBounds(layers.getBounds(), { maxZoom: 15, padding: [20, 20] })

  const form = element.closest('form')
  if (element.dataset.drawing && form) setUpDrawing(map, form, layers)
}

for (const element of document.querySelectorAll('[data-zone-map]')) initialise(element)
