// A self-signed certificate for localhost, generated on first use into .data/certs (never committed).
import { mkdir, readFile, writeFile, stat } from "node:fs/promises";
import path from "node:path";
import selfsigned from "selfsigned";

export async function ensureDevCertificate(root) {
  const dir = path.join(root, ".data", "certs");
  const certPath = path.join(dir, "localhost.crt");
  const keyPath = path.join(dir, "localhost.key");
  try {
    const s = await stat(certPath);
    // Regenerate yearly so a long-lived checkout never trips on an expired certificate.
    if (Date.now() - s.mtimeMs < 300 * 24 * 3600 * 1000) {
      await stat(keyPath);
      return { certPath, keyPath };
    }
  } catch {
    // fall through: generate
  }
  await mkdir(dir, { recursive: true });
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    days: 365,
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
    ],
  });
  await writeFile(certPath, pems.cert);
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  return { certPath, keyPath };
}

export async function readDevCertificate(root) {
  const { certPath, keyPath } = await ensureDevCertificate(root);
  return { cert: await readFile(certPath, "utf8"), key: await readFile(keyPath, "utf8") };
}
