/** The reactions offered first, in the order people reach for them. */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏", "🎉", "🔥"] as const;
