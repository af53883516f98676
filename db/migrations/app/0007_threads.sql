ALTER TABLE `analyses` ADD `follow_up_of` text;--> statement-breakpoint
ALTER TABLE `analyses` ADD `thread_id` text;--> statement-breakpoint
CREATE INDEX `analyses_user_thread` ON `analyses` (`user_id`,`thread_id`,`created_at`);--> statement-breakpoint
-- Analyses asked before threads each start their own.
UPDATE `analyses` SET `thread_id` = `id` WHERE `thread_id` IS NULL;
