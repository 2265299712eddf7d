// svg-to-pdfkit ships no types: the one function the report renderer calls.
declare module 'svg-to-pdfkit' {
  export default function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x: number,
    y: number,
    options?: { width?: number; height?: number; assumePt?: boolean; preserveAspectRatio?: string; fontCallback?: (family: string, bold: boolean, italic: boolean) => string; warningCallback?: (message: string) => void },
  ): void;
}
