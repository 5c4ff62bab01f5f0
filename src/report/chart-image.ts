import { AlignmentType, ImageRun, Paragraph } from 'docx';

/** Of the text width and the page height, the most the chart may take: it illustrates, the table is the record. */
const MAX_WIDTH_SHARE = 0.6;
const MAX_HEIGHT_SHARE = 0.45;
/** docx sizes images in pixels at 96 per inch; a twip is 1/1440 inch. */
const TWIPS_PER_PX = 15;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height of a PNG from its IHDR chunk; null when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } | null {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (b.length < 24 || !b.subarray(0, 8).equals(PNG_SIGNATURE) || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  return width > 0 && height > 0 ? { width, height } : null;
}

/**
 * The 一级指标 score chart as a centred picture, scaled to fit. Something that is not a PNG is left out rather than
 * failing the whole document: the 自评表 matters more than its illustration.
 */
export function chartParagraph(png: Uint8Array, textWidth: number, pageHeight: number): Paragraph | null {
  const size = pngSize(png);
  if (!size) return null;
  const maxW = (textWidth * MAX_WIDTH_SHARE) / TWIPS_PER_PX;
  const maxH = (pageHeight * MAX_HEIGHT_SHARE) / TWIPS_PER_PX;
  const scale = Math.min(maxW / size.width, maxH / size.height);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 120, after: 120 },
    children: [
      new ImageRun({
        type: 'png',
        data: png,
        transformation: { width: Math.round(size.width * scale), height: Math.round(size.height * scale) },
        altText: { name: '一级指标得分', title: '一级指标得分', description: '各一级指标的得分与分值' },
      }),
    ],
  });
}
