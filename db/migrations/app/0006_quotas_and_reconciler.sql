CREATE TABLE `daily_quota` (
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`analyses` integer DEFAULT 0 NOT NULL,
	`batch_items` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `analyses_status_updated` ON `analyses` (`status`,`updated_at`);