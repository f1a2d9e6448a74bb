/** Which asset-library route a request is (reference 6.1, 6.2); the handlers are in assets.ts. */

export type AssetRoute =
  | { name: "asset"; action: "seedance2-upload" | "sd2-upload" | "sd2-status" }
  | { name: "asset"; action: "seedance2-detail"; id: string };

export function assetRouteOf(method: string, pathname: string): AssetRoute | undefined {
  if (method === "POST" && pathname === "/kyyVideo2/asset/upload") {
    return { name: "asset", action: "seedance2-upload" };
  }
  if (method === "POST" && pathname === "/asset/sd2Manxue/assetUpload")
    return { name: "asset", action: "sd2-upload" };
  if (method === "POST" && pathname === "/asset/sd2Manxue/assetStatus")
    return { name: "asset", action: "sd2-status" };
  const detail = /^\/kyyVideo2\/asset\/([^/]+)$/.exec(pathname);
  const id = detail?.[1] === undefined ? undefined : decoded(detail[1]);
  if (method === "GET" && id !== undefined) return { name: "asset", action: "seedance2-detail", id };
  return undefined;
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
