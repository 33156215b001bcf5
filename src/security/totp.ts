import { generate, generateSecret, generateURI, verify } from 'otplib'
import QRCode from 'qrcode'

export const newTotpSecret = () => generateSecret()

/** Accepts the current code and the one either side, for clocks a little out of step. */
export async function totpMatches(secret: string, code: string): Promise<boolean> {
  const token = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(token)) return false
  const result = await verify({ secret, token, epochTolerance: 30 })
  return result.valid
}

export const currentTotp = (secret: string) => generate({ secret })

/** The enrolment QR code as inline SVG, and the key for typing in by hand. */
export async function totpEnrolment(secret: string, username: string) {
  const uri = generateURI({ issuer: 'MAPPA case management', label: username, secret })
  return { svg: await QRCode.toString(uri, { type: 'svg', margin: 1 }), secret }
}
