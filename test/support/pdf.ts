import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`

/** Text of each page, and the structure tree's roles, as a screen reader would get them. */
export async function readPdf(buffer: Buffer) {
  const pdf = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, standardFontDataUrl })
    .promise
  const pages: string[] = []
  const roles = new Set<string>()
  const collect = (node: unknown) => {
    const n = node as { role?: string; children?: unknown[] } | null
    if (!n) return
    if (n.role) roles.add(n.role)
    n.children?.forEach(collect)
  }
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i)
    const content = await page.getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
    collect(await page.getStructTree())
  }
  const meta = await pdf.getMetadata()
  return { pages, roles, info: meta.info as Record<string, unknown> }
}
