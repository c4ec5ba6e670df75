import preact from "@preact/preset-vite";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

const THEME = "#3b5bdb";
const BACKGROUND = "#f5f6fa";

// The PWA only: the Worker is built by wrangler, and the tests have their own config.
export default defineConfig({
  root: "web",
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
  },
  plugins: [
    preact(),
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      registerType: "prompt",
      // main.tsx registers through virtual:pwa-register, so nothing goes into index.html.
      injectRegister: false,
      injectManifest: {
        globPatterns: ["**/*.{js,css,html,svg,png}"],
      },
      // The glob already takes every icon; the plugin adds the manifest itself.
      includeManifestIcons: false,
      manifest: {
        id: "/",
        name: "Parley",
        short_name: "Parley",
        description: "Private conversations with the people on your Parley server.",
        start_url: "/",
        scope: "/",
        display: "standalone",
        orientation: "any",
        theme_color: THEME,
        background_color: BACKGROUND,
        categories: ["social", "communication"],
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
          { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
        ],
      },
    }),
  ],
});
