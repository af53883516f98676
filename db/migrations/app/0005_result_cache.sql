CREATE TABLE `result_cache` (
	`key` text PRIMARY KEY NOT NULL,
	`analysis_id` text NOT NULL,
	`data_version` text NOT NULL,
	`hits` integer DEFAULT 0 NOT NULL,
	`last_hit_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`analysis_id`) REFERENCES `analyses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `result_cache_data_version` ON `result_cache` (`data_version`);